import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { isDownloadRoute, type RouteFlags } from '../../access/data-routes.ts'
import { exceededDetail, rateLimitHeaders } from '../../access/rate-limit-headers.ts'
import type { RateLimits } from '../../access/rate-limits.ts'
import { problemBody } from '../problem.ts'
import { sendProblem } from './problems.ts'

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteFlags {}
}

/**
 * Routes that no limit counts, by route pattern (so no query string or path trick reaches them
 * otherwise): a load balancer polling /readyz from one address would use up an anonymous quota and
 * then be told the server is down, and reading the API documentation (the page and its half-dozen
 * assets) or a portal page's scripts and styles (/assets/) should not cost a visitor the requests meant for data. They carry no RateLimit headers,
 * since nothing was counted. A path no route knows is counted, whatever it looks like.
 */
export function isUncounted(routeUrl: string | undefined): boolean {
  return routeUrl === '/healthz' || routeUrl === '/readyz' || routeUrl === '/docs' || routeUrl?.startsWith('/docs/') === true || routeUrl?.startsWith('/assets/') === true
}

/**
 * Rate limits per tier (SPEC §6.3), counted by key id for key holders and by client IP otherwise, by
 * @fastify/rate-limit's counters (rate-limit-store.ts): every request against its tier's minute,
 * downloads against their hour as well. Our own hook rather than the package's route hooks, which
 * count one limit per route: it runs on onRequest right after authentication, before validation, so
 * that 400s and 404s are counted and carry the headers too, and writes the IETF headers in their
 * current structured-field form (rate-limit-headers.ts).
 */
export default fp(
  async function rateLimitPlugin(app: FastifyInstance, options: { limits: RateLimits }) {
    const { limits } = options
    app.addHook('onRequest', async (request, reply) => {
      if (isUncounted(request.routeOptions.url)) return
      const { caller } = request
      // HEAD fetches no file; every GET of a bulk file counts, resumed ranges included
      const download = request.method === 'GET' && isDownloadRoute(request.routeOptions.config)
      const outcome = await limits.consume({ ...(caller.keyId ? { keyId: caller.keyId } : {}), ip: request.ip, tier: caller.tier ?? 'anonymous' }, download)
      reply.headers(rateLimitHeaders(outcome))
      if (outcome.exceeded) {
        sendProblem(reply, problemBody(429, exceededDetail(outcome)))
        return reply
      }
    })
  },
  { name: 'gongkai-rate-limit', dependencies: ['request-caller'] },
)
