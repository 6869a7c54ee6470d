import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { QueryEngine } from '../../query/engine.ts'

declare module 'fastify' {
  interface FastifyInstance {
    queryEngine: QueryEngine
  }
}

/** Row queries and aggregates over `app.store` (query/engine.ts), with one page cache for the app. */
export default fp(
  async function queryEnginePlugin(app: FastifyInstance) {
    app.decorate('queryEngine', new QueryEngine(app.store))
  },
  { name: 'query-engine', dependencies: ['store'] },
)
