import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isDataRoute, isDownloadRoute } from '../../access/data-routes.ts'
import { responseCacheControl, VARY_BY_CALLER, type RouteKind } from '../cache-policy.ts'

function routeKind(request: FastifyRequest): RouteKind {
  const { url, config } = request.routeOptions
  if (isDownloadRoute(config)) return 'bulk'
  return isDataRoute(url, config) ? 'query' : 'other'
}

function vary(reply: FastifyReply, kind: RouteKind): void {
  const existing = reply.getHeader('vary')
  const names = [...(existing ? [String(existing)] : []), VARY_BY_CALLER, ...(kind === 'query' ? ['Accept'] : [])]
  reply.header('vary', names.join(', '))
}

/** Cache-Control and Vary on every response, errors and answers of other plugins' hooks included (cache-policy.ts decides). */
export default fp(
  async function cacheControl(app: FastifyInstance) {
    app.addHook('onSend', async (request, reply, payload) => {
      const kind = routeKind(request)
      vary(reply, kind)
      const value = responseCacheControl({ status: reply.statusCode, keyed: request.caller?.keyId !== undefined, route: kind })
      if (value !== undefined) reply.header('cache-control', value)
      return payload
    })
  },
  { name: 'cache-control' },
)
