import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { localToday } from '../../access/dates.ts'
import type { AccessStore } from '../../store/access-types.ts'
import { HttpProblem } from '../problem.ts'
import { requireKey } from '../plugins/auth.ts'
import { problemResponses } from '../schemas/common.ts'
import { MeResponse } from '../schemas/access.ts'

/** The calling key: name, tier, limits, what is left of them, and its grants. */
const meRoutes: FastifyPluginAsyncTypebox<{ access: AccessStore }> = async (app, { access }) => {
  app.get('/api/v1/me', {
    onRequest: requireKey,
    schema: {
      tags: ['access'],
      summary: 'The calling API key: tier, limits, remaining quota, grants',
      response: { 200: MeResponse, ...problemResponses(401, 429, 503) },
    },
  }, async (request) => {
    const { caller } = request
    const key = await access.getKey(caller.keyId as string)
    // revoked between authentication and now: answer as authentication would have
    if (!key) throw new HttpProblem(401, 'the API key is not valid')
    const limits = app.rateLimits.table.tiers[key.tier]
    // read without counting: this request was counted by the rate-limit hook like any other
    const standing = await app.rateLimits.standing({ keyId: key.id, ip: request.ip, tier: key.tier }).catch(() => {
      // served uncounted meanwhile (access/rate-limits.ts), but a standing is not made up
      throw new HttpProblem(503, 'the rate-limit counters are unreachable just now; retry shortly')
    })
    const grants = await access.listGrants(key.id, localToday())
    return {
      key: { id: key.id, name: key.name, tier: key.tier, created_at: key.createdAt, expires_at: key.expiresOn ?? null, last_used_at: key.lastUsedAt ?? null },
      limits: { requests_per_minute: limits.requestsPerMinute, downloads_per_hour: limits.downloadsPerHour },
      remaining: {
        requests: standing.minute.remaining,
        requests_reset_in: standing.minute.resetIn,
        downloads: standing.download.remaining,
        downloads_reset_in: standing.download.resetIn,
      },
      grants: grants.map((g) => ({ dataset: g.datasetId, expires_at: g.expiresOn, application_id: g.applicationId })),
    }
  })
}

export default meRoutes
