/**
 * No file path leaves the store's interface (issue 11 §1): whatever a DatasetStore method returns, or
 * hands out to read and write with, carries no path of the data directory, so that a store without one
 * (PostgreSQL) can implement the same interface. Checked on the embedded store with a published version,
 * by walking every value its methods give back; and at the type level, no method is about directories.
 */
import t from 'tap'
import type { DatasetStore } from '../../src/store/types.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

type PathLike = `${string}${'Dir' | 'Path'}${string}`
// fails to compile when a method of the interface is named for a directory or a path (versionDir was)
const noPathMethods: Extract<keyof DatasetStore, PathLike> extends never ? true : never = true

/** Every string reachable from `value` through own properties, Maps, Sets and arrays. */
function strings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value]
  if (value === null || typeof value !== 'object' || seen.has(value)) return []
  seen.add(value)
  if (value instanceof Uint8Array) return []
  const children = value instanceof Map ? [...value.keys(), ...value.values()] : value instanceof Set ? [...value] : Object.values(value)
  return children.flatMap((child) => strings(child, seen))
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

t.test('nothing the store gives back holds a path of its data directory', async (t) => {
  t.ok(noPathMethods)
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(20))
  t.equal((await fx.cli('ingest')).code, 0)
  const store = new SqliteDatasetStore(fx.config.dataDir, 3, { workers: 1 })
  t.teardown(() => store.close())
  const dataset = await store.getDataset('stations')
  const table = await store.versionTable('stations', 1)
  const job = { kind: 'table' as const, sql: `SELECT count(*) FROM ${table.shape.table}`, params: [], fields: [{ name: 'n', type: 'integer' as const }], limit: 1, format: 'json' as const }
  const rows = await store.versionRows('stations', 1)
  t.teardown(() => rows.close())
  const files = store.versionFiles('stations', 1)
  const lock = store.lockIngest()
  t.teardown(() => lock.release())
  const given: Array<[string, unknown]> = [
    ['getDataset', dataset],
    ['listDatasets', await store.listDatasets({ sort: 'id', page: 1, perPage: 10 })],
    ['versionTable', table],
    ['execute', await store.execute('stations', 1, job, { caller: 'test', lane: 'cheap', spentMs: 0 })],
    ['readRows', await store.readRows('stations', 1, { limit: 5 })],
    ['versionRows', rows],
    ['versionRows.batches', await collect(rows.batches(8))],
    ['versionFiles', files],
    ['versionFiles.readJson', await files.readJson('files.json')],
    ['versionFiles.read', (await files.read('data.csv', { method: 'HEAD' })).headers],
    ['listReports', await store.listReports('stations')],
    ['lockIngest', lock],
  ]
  for (const [method, value] of given) {
    const leaked = strings(value).filter((s) => s.includes(fx.config.dataDir) || /\/versions\/|rows\.sqlite/.test(s))
    t.same(leaked, [], `${method} gives no path`)
  }
  t.equal(strings(dataset).length > 0 && strings(table).length > 0, true, 'the walk does reach the values')
})
