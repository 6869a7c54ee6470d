import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { copyCell, copyLine } from '../../src/store/postgres/copy-text.ts'
import { QueryRefused } from '../../src/store/query-errors.ts'
import { PostgresDatasetStore } from '../../src/store/postgres/store.ts'
import { versionTableName } from '../../src/store/postgres/version-table.ts'
import type { VersionPlan } from '../../src/store/types.ts'
import { freshDatabase } from '../helpers/postgres.ts'
import { batchOf, entryOf, FIELDS, PLAN, stationRows } from './contract-fixture.ts'

/** What only the PostgreSQL store has: COPY text, table names within 63 bytes, builds swept across sessions, COPY throughput. */

t.test('COPY text cells', async (t) => {
  const cases: Array<[unknown, string]> = [
    [null, '\\N'], [true, 't'], [false, 'f'], [0, '0'], [-1.5, '-1.5'], [1e300, '1e+300'], [9007199254740991, '9007199254740991'],
    ['', ''], ['\\N', '\\\\N'], ['a\tb', 'a\\tb'], ['a\nb\r\n', 'a\\nb\\r\\n'], ['\\', '\\\\'], ['"q",\'s\'', '"q",\'s\''], ['全角　空格😀', '全角　空格😀'],
  ]
  for (const [value, expected] of cases) t.equal(copyCell(value as never), expected, JSON.stringify(value))
  t.equal(copyLine([1, null, 'x\ty']), '1\t\\N\tx\\ty\n')
})

t.test('table names stay within 63 bytes and distinct for long ids that share a prefix', async (t) => {
  const a = `${'a-'.repeat(31)}xy`
  const b = `${'a-'.repeat(31)}xz`
  t.equal(versionTableName('air', 3), 'air__v3')
  t.ok(Buffer.byteLength(versionTableName(a, 12345)) <= 63)
  t.not(versionTableName(a, 1), versionTableName(b, 1))
})

async function openStore(t: Test, url: string, dataDir: string): Promise<PostgresDatasetStore> {
  const store = new PostgresDatasetStore(url, dataDir)
  t.teardown(() => store.close())
  return store
}

t.test('a cell PostgreSQL cannot store (U+0000) rejects its row by name; a long id publishes', async (t) => {
  const url = await freshDatabase(t)
  const store = await openStore(t, url, path.join(t.testdir(), 'data'))
  const id = `${'long-'.repeat(12)}id`
  await store.syncCatalog([entryOf(id)], new Set([id]))
  const writer = await store.beginVersion(id, PLAN)
  const rows = stationRows(3)
  ;(rows[1] as Record<string, unknown>).station = 'nul\u0000here'
  const rejected = await writer.insert(batchOf(rows))
  t.same(rejected.map((r) => [r.index, r.field]), [[1, 'station']])
  t.match(rejected[0]?.reason, /U\+0000/)
  const { rowCount } = await writer.complete()
  await writer.publish(entryOf(id), rowCount)
  t.same((await store.readRows(id, 1, { limit: 10 })).rows.map((r) => r.id), [1, 3])
})

t.test('a builder whose session died (a crashed server) is swept by the next store to open: record, table and number, and orphaned tables with it', async (t) => {
  const url = await freshDatabase(t)
  const dataDir = path.join(t.testdir(), 'data')
  const builder = await openStore(t, url, dataDir)
  await builder.syncCatalog([entryOf('air')], new Set(['air']))
  const writer = await builder.beginVersion('air', PLAN)
  await writer.insert(batchOf(stationRows(5)))
  await t.rejects(builder.beginVersion('air', PLAN), /another ingest of air is running/, 'a second build of the same dataset is refused meanwhile')
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  t.teardown(() => admin.end())
  // the builder's connection is the one holding the build lock
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
  // and a table a failed drop left behind (its version pruned or withdrawn): no record names it
  await admin.query('CREATE TABLE gongkai_rows."gone__v7" (_row bigint)')
  const next = await openStore(t, url, dataDir)
  await next.ping()
  const left = await admin.query("SELECT (SELECT count(*)::int FROM versions) AS records, (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'gongkai_rows') AS tables")
  t.same(left.rows[0], { records: 0, tables: 0 })
  const again = await next.beginVersion('air', PLAN)
  t.equal(again.version, 1, 'the number is given back')
  await again.abort()
  // the dead builder's process would be gone; here its writer still holds its (broken) connection
  await writer.abort().catch(() => undefined)
})

t.test('COPY ingest throughput: 200,000 generated rows', async (t) => {
  const url = await freshDatabase(t)
  const store = await openStore(t, url, path.join(t.testdir(), 'data'))
  await store.syncCatalog([entryOf('air')], new Set(['air']))
  const plan: VersionPlan = { ...PLAN, uniqueFields: [] }
  const writer = await store.beginVersion('air', plan)
  const total = 200_000
  const batch = 4096
  let loading = 0
  for (let from = 1; from <= total; from += batch) {
    const rows = stationRows(Math.min(batch, total - from + 1), from)
    const started = performance.now()
    t.same(await writer.insert(batchOf(rows, from)), [])
    loading += performance.now() - started
  }
  const sealing = performance.now()
  const { rowCount } = await writer.complete()
  const indexing = performance.now() - sealing
  t.equal(rowCount, total)
  await writer.publish(entryOf('air'), rowCount)
  const rate = Math.round(total / (loading / 1000))
  t.comment(`COPY: ${total} rows (${FIELDS.length} columns, primary key checked) in ${Math.round(loading)} ms = ${rate} rows/s; indexes and ANALYZE ${Math.round(indexing)} ms`)
  t.ok(rate > 20_000, 'far from pathological even on a loaded machine')
})

t.test('queries are limited per caller and in line as in the embedded pool', async (t) => {
  const url = await freshDatabase(t)
  const store = new PostgresDatasetStore(url, path.join(t.testdir(), 'data'), 3, { budgetMs: 5000, perCaller: 1, queueLength: 8 })
  t.teardown(() => store.close())
  await store.syncCatalog([entryOf('air')], new Set(['air']))
  const writer = await store.beginVersion('air', PLAN)
  await writer.insert(batchOf(stationRows(2)))
  await writer.publish(entryOf('air'), (await writer.complete()).rowCount)
  const job = { kind: 'table' as const, sql: 'SELECT pg_sleep(0.3), 1', params: [], fields: [{ name: 'n', type: 'integer' as const }], limit: 1, format: 'json' as const }
  const context = { caller: 'k1', spentMs: 0, lane: 'expensive' as const }
  const first = store.execute('air', 1, job, context)
  const second = await store.execute('air', 1, job, context).then(() => undefined, (e: unknown) => e)
  t.ok(second instanceof QueryRefused && second.reason === 'caller-busy', 'a second query of the same caller is refused at once')
  const other = await store.execute('air', 1, job, { ...context, caller: 'k2' })
  t.equal(other.count, 1, 'another caller runs meanwhile')
  t.equal((await first).count, 1)
  t.equal((await store.execute('air', 1, job, context)).count, 1, 'the caller may query again once its query ended')
})
