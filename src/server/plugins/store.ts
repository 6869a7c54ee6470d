import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { DatasetStore } from '../../store/types.ts'

declare module 'fastify' {
  interface FastifyInstance {
    store: DatasetStore
  }
}

/** Makes the dataset store available to routes as `app.store`; the caller owns its lifetime. */
export default fp(
  async function storePlugin(app: FastifyInstance, options: { store: DatasetStore }) {
    app.decorate('store', options.store)
  },
  { name: 'store' },
)
