import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { HttpProblem } from '../problem.ts'
import { problemResponses } from '../schemas/common.ts'

const Status = Type.Object({ status: Type.String() })

/** Liveness (the process answers) and readiness (the store answers and the catalog is loaded). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: Status } } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: Status, ...problemResponses(503) } } }, async () => {
    try {
      await app.store.ping()
    } catch {
      throw new HttpProblem(503, 'the store does not answer')
    }
    const { total } = await app.store.listDatasets({ sort: 'id', page: 1, perPage: 1 })
    if (total === 0) throw new HttpProblem(503, 'no catalog loaded')
    return { status: 'ready' }
  })
}

export default healthRoutes
