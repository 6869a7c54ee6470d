import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isDataRoute } from '../../access/data-routes.ts'
import { denyRead, isAdmin } from '../../access/policy.ts'
import { HttpProblem } from '../problem.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** URL patterns of the GET routes this plugin guards as data routes, in registration order. */
    dataRoutes: readonly string[]
  }
}

/** Route hook: the route is for key holders. */
export async function requireKey(request: FastifyRequest): Promise<void> {
  if (!request.caller.keyId) throw new HttpProblem(401, 'this route needs an API key: send Authorization: Bearer <key> or X-API-Key: <key>')
}

/** Route hook: the route is for administrators (401 without a key, 403 with any other key). */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (!request.caller.keyId) throw new HttpProblem(401, 'this route needs an admin API key: send Authorization: Bearer <key>')
  if (!isAdmin(request.caller)) throw new HttpProblem(403, 'this route is for administrators: your key is not an admin key')
}

/**
 * Authorisation of data routes (SPEC §3): the grade policy (`denyRead`) applied once, here, to every
 * data route (see access/data-routes.ts), whichever plugin defines it, before its parameters are even
 * validated. Routes may ask `denyRead` again; they cannot forget to.
 */
export default fp(
  async function authPlugin(app: FastifyInstance) {
    const dataRoutes: string[] = []
    app.decorate('dataRoutes', dataRoutes)
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (methods.includes('GET') && isDataRoute(route.url, route.config)) dataRoutes.push(route.url)
    })
    app.addHook('onRequest', async (request) => {
      if (!isDataRoute(request.routeOptions.url, request.routeOptions.config)) return
      const id = (request.params as { id?: unknown }).id
      if (typeof id !== 'string') return
      const dataset = await app.store.getDataset(id)
      // an unknown dataset is the route's 404 to give
      if (!dataset) return
      const denial = denyRead(dataset.entry, request.caller)
      if (denial) throw new HttpProblem(denial.status, denial.detail)
    })
  },
  { name: 'gongkai-auth', dependencies: ['request-caller', 'store'] },
)
