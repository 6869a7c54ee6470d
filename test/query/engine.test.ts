/**
 * The query engine over a real store: the same query on two versions gives each version's own page (the
 * page cache keys by dataset and version, not by the SQL alone, which is the same for both), and a page
 * asked for again is answered without the store.
 */
import t from 'tap'
import { QueryEngine } from '../../src/query/engine.ts'
import { parseRowQuery } from '../../src/query/row-query.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

t.test('pages are cached per version, and a cached page does not go to the store', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(10))
  t.equal((await fx.cli('ingest')).code, 0)
  fx.writeSource('stations.csv', stationsCsv(13))
  t.equal((await fx.cli('ingest')).code, 0)
  const store = new SqliteDatasetStore(fx.config.dataDir, 3, { workers: 1 })
  t.teardown(() => store.close())
  const engine = new QueryEngine(store)
  const fields = (await store.getDataset('stations'))?.current?.fields ?? []
  const { query } = parseRowQuery({ _limit: '100' }, fields)
  if (!query) throw new Error('query did not parse')
  const context = { caller: 'test', spentMs: 0 }
  const first = await engine.rows('stations', 1, query, context)
  const second = await engine.rows('stations', 2, query, context)
  t.same([first.count, second.count], [10, 13], 'each version its own rows')
  let executed = 0
  const execute = store.execute.bind(store)
  store.execute = async (...args) => {
    executed++
    return execute(...args)
  }
  t.same(await engine.rows('stations', 1, query, context), first)
  t.same(await engine.rows('stations', 2, query, context), second)
  t.equal(executed, 0, 'both answered from the page cache')
})
