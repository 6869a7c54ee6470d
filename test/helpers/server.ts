import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { uniformTiers, type TierTable } from '../../src/config/tiers.ts'
import { buildApp } from '../../src/server/app.ts'
import { SqliteDatasetStore, type QueryOptions } from '../../src/store/sqlite/store.ts'
import type { Fixture } from './fixture.ts'

/** Limits no test reaches: tests of queries, downloads and the catalog are not about rate limits (test/server/rate-limit*.test.ts are). */
export const UNLIMITED_TIERS: TierTable = uniformTiers(1_000_000)

/** The real app over the fixture's real store, closed when the test ends. */
export async function appFor(t: Test, fx: Fixture, queryOptions?: Partial<QueryOptions>): Promise<FastifyInstance> {
  const store = new SqliteDatasetStore(fx.config.dataDir, 3, queryOptions)
  const app = await buildApp({ store, tiers: UNLIMITED_TIERS })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  return app
}
