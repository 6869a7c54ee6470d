import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { approveApplication, rejectApplication } from '../../access/applications.ts'
import { dateAtMidnight } from '../../access/dates.ts'
import { isIsoDate } from '../../support/calendar-date.ts'
import { issueKey, revokeKey } from '../../access/issue-key.ts'
import type { AccessStore } from '../../store/access-types.ts'
import { asProblem } from '../access-problem.ts'
import { applicationView, auditView, keyView } from '../access-views.ts'
import { reportView } from '../report-view.ts'
import { requireAdmin } from '../plugins/auth.ts'
import { HttpProblem } from '../problem.ts'
import { problemResponses } from '../schemas/common.ts'
import {
  ApiKey, ApplicationFilter, ApplicationIdParams, Application, ApplicationList, ApproveBody, AuditPage, AuditQuery, CreateKeyBody, CreatedKey,
  KeyIdParams, KeyList, RejectBody,
} from '../schemas/access.ts'
import { ReportDatasetParams, ReportPage, ReportQuery } from '../schemas/reports.ts'

/** Keyset cursors over record ids; the kind (a: audit, r: reports) keeps one list's cursor out of another. */
const encodeIdCursor = (kind: string, id: number): string => Buffer.from(`${kind}:${id}`).toString('base64url')

function decodeIdCursor(kind: string, cursor: string): number {
  const match = new RegExp(`^${kind}:(\\d{1,15})$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match) throw new HttpProblem(400, 'cursor: not a cursor issued by this API; pass the previous page\'s next value unchanged', { errors: [{ path: 'cursor', message: 'malformed cursor' }] })
  return Number(match[1])
}

/** `since` as an instant comparable with stored ones: a day means its local midnight. */
function parseSince(since: string): string {
  const ms = isIsoDate(since) ? dateAtMidnight(since).getTime() : /^\d{4}-\d{2}-\d{2}T/.test(since) ? Date.parse(since) : Number.NaN
  if (Number.isNaN(ms)) throw new HttpProblem(400, `since: "${since}" is neither a date YYYY-MM-DD nor an ISO 8601 instant`, { errors: [{ path: 'since', message: 'not a date or instant' }] })
  return new Date(ms).toISOString()
}

/** Administration (SPEC §6 /api/v1/admin/…): keys, applications, ingest reports and the audit log; admin keys only. */
const adminRoutes: FastifyPluginAsyncTypebox<{ access: AccessStore; maxGrantDays: number }> = async (app, { access, maxGrantDays }) => {
  // encapsulated: applies to the routes of this plugin only, before their parameters are validated
  app.addHook('onRequest', requireAdmin)
  const adminOnly = problemResponses(401, 403)

  app.post('/api/v1/admin/keys', {
    schema: {
      tags: ['admin'],
      summary: 'Create an API key; the key is shown in this response only',
      body: CreateKeyBody,
      response: { 201: CreatedKey, ...problemResponses(400), ...adminOnly },
    },
  }, async (request, reply) => {
    const { name, tier, expires_at } = request.body
    const { key, token } = await asProblem(() => issueKey(access, { name, tier, ...(expires_at ? { expiresOn: expires_at } : {}) }))
    reply.code(201).header('cache-control', 'no-store')
    return { ...keyView(key), key: token }
  })

  app.get('/api/v1/admin/keys', {
    schema: { tags: ['admin'], summary: 'Every API key (never its secret)', response: { 200: KeyList, ...adminOnly } },
  }, async () => ({ items: (await access.listKeys()).map((k) => keyView(k)) }))

  app.delete('/api/v1/admin/keys/:id', {
    schema: {
      tags: ['admin'],
      summary: 'Revoke an API key, effective from the next request',
      params: KeyIdParams,
      response: { 200: ApiKey, ...problemResponses(400, 404), ...adminOnly },
    },
  }, async (request) => keyView(await asProblem(() => revokeKey(access, request.params.id))))

  app.get('/api/v1/admin/applications', {
    schema: {
      tags: ['admin'],
      summary: 'Applications for conditional data, oldest first',
      querystring: ApplicationFilter,
      response: { 200: ApplicationList, ...problemResponses(400), ...adminOnly },
    },
  }, async (request) => {
    const items = await access.listApplications(request.query.status ? { status: request.query.status } : {})
    return { items: items.map(applicationView) }
  })

  app.post('/api/v1/admin/applications/:id/approve', {
    schema: {
      tags: ['admin'],
      summary: 'Approve a pending application: its key gets a grant until expires_at (inclusive)',
      description: 'expires_at is at most GONGKAI_MAX_GRANT_DAYS (default 365) days ahead (400 beyond). An administrator cannot approve an application made with its own key (403).',
      params: ApplicationIdParams,
      body: ApproveBody,
      response: { 200: Application, ...problemResponses(400, 404, 409), ...adminOnly },
    },
  }, async (request) => applicationView(await asProblem(() =>
    approveApplication(access, request.params.id, request.body.expires_at, `key:${request.caller.keyId}`, { maxGrantDays }))))

  app.post('/api/v1/admin/applications/:id/reject', {
    schema: {
      tags: ['admin'],
      summary: 'Reject a pending application with a reason the applicant sees',
      params: ApplicationIdParams,
      body: RejectBody,
      response: { 200: Application, ...problemResponses(400, 404, 409), ...adminOnly },
    },
  }, async (request) => applicationView(await asProblem(() =>
    rejectApplication(access, request.params.id, request.body.reason, `key:${request.caller.keyId}`))))

  app.get('/api/v1/admin/audit', {
    schema: {
      tags: ['admin'],
      summary: 'Audit log of reads of conditional data, oldest first, paged by keyset cursor',
      querystring: AuditQuery,
      response: { 200: AuditPage, ...problemResponses(400), ...adminOnly },
    },
  }, async (request) => {
    const { dataset, key, since, limit = 100, cursor } = request.query
    const items = await access.listAudit({
      ...(dataset !== undefined ? { datasetId: dataset } : {}),
      ...(key !== undefined ? { keyId: key } : {}),
      ...(since !== undefined ? { since: parseSince(since) } : {}),
      ...(cursor !== undefined ? { afterId: decodeIdCursor('a', cursor) } : {}),
      limit: limit + 1,
    })
    const more = items.length > limit
    const page = more ? items.slice(0, limit) : items
    const last = page[page.length - 1]
    return { items: page.map(auditView), next: more && last ? encodeIdCursor('a', last.id) : null }
  })

  /** A page of ingest reports, newest first: one more is read to know whether another page follows. */
  const reportPage = async (datasetId: string | undefined, { limit = 20, cursor }: { limit?: number; cursor?: string }) => {
    const reports = await app.store.listReports(datasetId, limit + 1, cursor !== undefined ? decodeIdCursor('r', cursor) : undefined)
    const page = reports.slice(0, limit)
    const last = page[page.length - 1]
    return { items: page.map(reportView), next: reports.length > limit && last ? encodeIdCursor('r', last.id) : null }
  }

  app.get('/api/v1/admin/reports', {
    schema: {
      tags: ['admin'],
      summary: 'Ingest reports of every dataset (SPEC §5), newest first, paged by keyset cursor',
      description: 'Rows read, published, rejected (the first 100 with row, line, field and reason; values in reasons are masked), encoding, leak-guard findings (masked examples), k-anonymity, bulk files and timings.',
      querystring: ReportQuery,
      response: { 200: ReportPage, ...problemResponses(400), ...adminOnly },
    },
  }, async (request) => reportPage(undefined, request.query))

  app.get('/api/v1/admin/reports/:dataset', {
    schema: {
      tags: ['admin'],
      summary: 'Ingest reports of one dataset, newest first, paged by keyset cursor',
      params: ReportDatasetParams,
      querystring: ReportQuery,
      response: { 200: ReportPage, ...problemResponses(400, 404), ...adminOnly },
    },
  }, async (request) => {
    const { dataset } = request.params
    const page = await reportPage(dataset, request.query)
    // an empty list would not tell a typo from a dataset never ingested
    if (!page.items.length && request.query.cursor === undefined && !(await app.store.getDataset(dataset))) {
      throw new HttpProblem(404, `no dataset "${dataset}" in the catalog and no ingest report for it`)
    }
    return page
  })
}

export default adminRoutes
