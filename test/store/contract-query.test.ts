import pg from 'pg'
import t, { type Test } from 'tap'
import { parseAggregateQuery } from '../../src/query/aggregate.ts'
import { QueryEngine } from '../../src/query/engine.ts'
import { parseRowQuery, type RawQuery } from '../../src/query/row-query.ts'
import { QueryTimeout } from '../../src/store/query-errors.ts'
import type { SqlValue } from '../../src/store/query-types.ts'
import type { DatasetStore, VersionPlan } from '../../src/store/types.ts'
import { STORE_KINDS, type StoreKind } from '../helpers/postgres.ts'
import { batchOf, entryOf, FIELDS, open, PLAN, publish, stationRows } from './contract-fixture.ts'

/**
 * Queries through the engine give the same bytes on either store: keyset pages (NULLs, ties, both
 * directions), every filter operator, `_search`, aggregates, and the three formats. Each case runs on
 * SQLite and PostgreSQL and the answers are compared; SQLite's answers are themselves checked by the
 * query tests (test/query/), so equal means right.
 */
const ROWS = 240
// four stores, each built and queried a few hundred times, on a shared two-core machine
t.setTimeout(240_000)
const FIELD_SHAPES = FIELDS.map((f) => ({ name: f.name, type: f.type, searchable: f.searchable }))
const CONTEXT = { caller: 'contract', spentMs: 0 }

interface Opened {
  store: DatasetStore
  engine: QueryEngine
}

/** Rows with NULLs and ties in every sortable column, Chinese and mixed-case text, both booleans. */
function queryRows(): Array<Record<string, unknown>> {
  return stationRows(ROWS).map((row, i) => ({
    ...row,
    station: i % 11 === 0 ? null : `${['朝阳', '海淀', 'Dongcheng', 'dongcheng'][i % 4]}站点${i % 6}`,
    aqi: i % 13 === 0 ? null : (i * 7) % 50,
    open_now: i % 5 === 0 ? null : i % 2 === 0,
    day: i % 17 === 0 ? null : row.day,
  }))
}

async function openBoth(t: Test): Promise<Record<StoreKind, Opened>> {
  const opened = {} as Record<StoreKind, Opened>
  for (const kind of STORE_KINDS) {
    const { store } = await open(t, kind)
    await store.syncCatalog([entryOf('air'), entryOf('bare', { primary_key: undefined })], new Set(['air', 'bare']))
    await publish(store, 'air', queryRows())
    const bare: VersionPlan = { fields: FIELDS, fingerprint: 'b' }
    const writer = await store.beginVersion('bare', bare)
    await writer.insert(batchOf(queryRows()))
    await writer.publish(entryOf('bare', { primary_key: undefined }), (await writer.complete()).rowCount)
    opened[kind] = { store, engine: new QueryEngine(store) }
  }
  return opened
}

function rowQuery(raw: RawQuery) {
  const { query, errors } = parseRowQuery(raw, FIELD_SHAPES)
  if (!query) throw new Error(JSON.stringify(errors))
  return query
}

/** Every page of a query, walked by the keys each page hands on. */
async function walk(engine: QueryEngine, dataset: string, raw: RawQuery): Promise<{ bodies: string[]; rows: Array<Record<string, unknown>> }> {
  const query = rowQuery(raw)
  const bodies: string[] = []
  let after: SqlValue[] | undefined
  for (let pages = 0; pages < 1000; pages++) {
    const page = await engine.rows(dataset, 1, query, CONTEXT, after)
    bodies.push(page.body as string)
    if (!page.after) break
    after = page.after
  }
  return { bodies, rows: bodies.flatMap((b) => JSON.parse(b) as Array<Record<string, unknown>>) }
}

t.test('keyset walks return every row once, in the same order on both stores', async (t) => {
  const stores = await openBoth(t)
  const sorts = ['id', '-id', 'station', '-station', 'aqi,station', '-aqi,-day', 'open_now,-aqi', 'day', '-open_now,station,day']
  for (const dataset of ['air', 'bare']) {
    for (const sort of sorts) {
      const raw = { _sort: sort, _limit: '17' }
      const sqlite = await walk(stores.sqlite.engine, dataset, raw)
      const postgres = await walk(stores.postgres.engine, dataset, raw)
      t.equal(sqlite.rows.length, ROWS, `${dataset} ${sort}: every row`)
      t.equal(new Set(sqlite.rows.map((r) => r.id)).size, ROWS, `${dataset} ${sort}: each once`)
      t.same(postgres.bodies, sqlite.bodies, `${dataset} ${sort}: the same pages`)
    }
  }
})

t.test('every filter operator, _search and _count give the same rows on both stores', async (t) => {
  const stores = await openBoth(t)
  const cases: RawQuery[] = [
    { id: '5' }, { 'aqi__ne': '7' }, { 'aqi__gt': '40' }, { 'aqi__gte': '49' }, { 'aqi__lt': '3' }, { 'aqi__lte': '0' },
    { 'id__in': '1,2,3,999' }, { 'aqi__notin': '0,7,14' }, { 'station__contains': '站点3' }, { 'station__contains': 'dong' },
    { 'station__startswith': '海淀' }, { 'station__startswith': 'D' }, { 'station__isnull': 'true' }, { 'day__isnull': 'false' },
    { open_now: 'true' }, { 'open_now__ne': 'false' }, { 'day__gte': '2024-01-20' }, { 'station__in': '朝阳站点0,海淀站点1' },
    { _search: '朝阳' }, { _search: '站点2' }, { _search: '阳站点' }, { _search: 'Dong' }, { _search: 'dong 站点4' }, { _search: '100%_' },
    { 'aqi__gt': '10', _count: 'exact' }, { _search: '海淀', _count: 'exact', _sort: '-aqi' },
  ]
  for (const raw of cases) {
    const query = { _limit: '500', _sort: 'id', ...raw }
    const [sqlite, postgres] = await Promise.all([stores.sqlite, stores.postgres].map((s) => s.engine.rows('air', 1, rowQuery(query), CONTEXT)))
    t.same(postgres, sqlite, JSON.stringify(raw))
  }
})

t.test('aggregates and the three formats give the same bytes on both stores', async (t) => {
  const stores = await openBoth(t)
  const aggregates: RawQuery[] = [
    { _group_by: 'station', _agg: 'count,sum:aqi,avg:aqi,min:day,max:aqi' },
    { _group_by: 'open_now', _agg: 'count,max:station' },
    { _agg: 'count,min:aqi', 'aqi__gt': '5' },
    { _group_by: 'district,open_now', _agg: 'count', _sort: '-district,open_now' },
  ]
  for (const raw of aggregates) {
    for (const format of ['json', 'csv', 'arrow']) {
      const { query, errors } = parseAggregateQuery({ ...raw, _format: format }, FIELD_SHAPES)
      t.same(errors, [])
      if (!query) continue
      const [sqlite, postgres] = await Promise.all([stores.sqlite, stores.postgres].map((s) => s.engine.aggregate('air', 1, query, CONTEXT)))
      t.same(postgres, sqlite, `${JSON.stringify(raw)} ${format}`)
    }
  }
  for (const format of ['csv', 'arrow']) {
    const query = rowQuery({ _sort: '-aqi', _limit: '50', _format: format })
    const [sqlite, postgres] = await Promise.all([stores.sqlite, stores.postgres].map((s) => s.engine.rows('bare', 1, query, CONTEXT)))
    t.same(postgres, sqlite, `rows as ${format}`)
  }
})

t.test('PostgreSQL: a query past its budget ends in the timeout error the SQLite pool raises, and statement_timeout really stopped it', async (t) => {
  const { store, url } = await open(t, 'postgres', 3, 300)
  await store.syncCatalog([entryOf('air')], new Set(['air']))
  await publish(store, 'air', stationRows(3))
  const job = { kind: 'table' as const, sql: 'SELECT pg_sleep(30), 1', params: [], fields: [{ name: 'n', type: 'integer' as const }], limit: 1, format: 'json' as const }
  const started = Date.now()
  const error = await store.execute('air', 1, job, { ...CONTEXT, lane: 'expensive' }).then(() => undefined, (e: unknown) => e)
  t.ok(error instanceof QueryTimeout && error.ran, 'QueryTimeout, having run')
  t.ok(Date.now() - started < 3000, 'answered near its budget')
  const watcher = new pg.Client({ connectionString: url })
  await watcher.connect()
  t.teardown(() => watcher.end())
  const running = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'")
  t.equal(running.rows[0].n, 0, 'nothing is left running on the server')
  const spent = await store.execute('air', 1, job, { ...CONTEXT, spentMs: 300, lane: 'expensive' }).then(() => undefined, (e: unknown) => e)
  t.ok(spent instanceof QueryTimeout && !spent.ran, 'a request that spent its budget already does not run')
  const quick = await store.execute('air', 1, { ...job, sql: 'SELECT 1' }, { ...CONTEXT, lane: 'cheap' })
  t.same(quick, { body: '[{"n":1}]', count: 1, truncated: false }, 'the connection is usable again (no timeout left set on it)')
})
