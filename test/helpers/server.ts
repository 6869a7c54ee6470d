import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/server/app.ts'
import { SqliteDatasetStore, type QueryOptions } from '../../src/store/sqlite/store.ts'
import type { Fixture } from './fixture.ts'

/** The real app over the fixture's real store, closed when the test ends. */
export async function appFor(t: Test, fx: Fixture, queryOptions?: QueryOptions): Promise<FastifyInstance> {
  const store = new SqliteDatasetStore(fx.config.dataDir, 3, queryOptions)
  const app = await buildApp({ store })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  return app
}
