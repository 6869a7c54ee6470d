/**
 * `npm run bench -- changes [rows] [--store postgres]`: the change summary of two versions of `rows` rows
 * (default 1M, 12 fields; 1% changed, 0.5% removed, 0.5% added, deterministic), matched by primary key and
 * by content (the same rows without a key), the way an ingest computes it (compareVersions: counted by the
 * store) and the way a serving process does (mergeVersions: read out and merged with turns for the event
 * loop), and the first page of 100 changes. The reference is a bare read of both versions through the same
 * scans the merge uses: what any comparison done outside the database costs at least. Issue 12's target is
 * ≤ 10 s for 1M against 1M. Results go to bench/results/changes.json.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CatalogEntry, FieldType } from '../src/catalog/schema.ts'
import type { CellValue } from '../src/catalog/values.ts'
import { ChangeLog } from '../src/changes/change-log.ts'
import { compareVersions, mergeVersions, withScans } from '../src/changes/compare-versions.ts'
import type { PublicRow } from '../src/desensitise/types.ts'
import { openStore } from '../src/store/open.ts'
import type { DatasetStore, PublicField, VersionInfo } from '../src/store/types.ts'
import { Rng } from '../scripts/synth/random.ts'
import { benchDatabase } from './pg-database.ts'
import { parseQueryArgs } from './query-args.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const BATCH = 10_000

const COLUMNS: ReadonlyArray<[string, FieldType]> = [
  ['record_id', 'integer'], ['case_number', 'string'], ['party', 'string'], ['district', 'string'], ['category', 'string'],
  ['amount', 'number'], ['decided', 'date'], ['authority', 'string'], ['remark', 'string'], ['status', 'string'],
  ['paid', 'boolean'], ['year', 'year'],
]
const FIELDS: PublicField[] = COLUMNS.map(([name, type]) => ({ name, type, title: name, rule: 'keep', index: false, searchable: false }))

function entry(id: string, keyed: boolean): CatalogEntry {
  return {
    id, title: '变更比较基准', description: 'synthetic rows for bench/changes.ts', provider: { name: '基准测试' }, theme: '其他', keywords: [],
    grade: 1, open: 'unconditional', update_frequency: 'daily', ...(keyed ? { primary_key: 'record_id' } : {}),
    fields: FIELDS.map(({ name, type, title }) => ({ name, type, title })),
  }
}

function row(rng: Rng, id: number, edition: number): CellValue[] {
  const district = `区${rng.int(0, 15)}`
  return [
    id, `罚字〔2024〕${id}号`, `企业${rng.int(0, 99_999)}`, district, `类别${rng.int(0, 40)}`, rng.int(100, 500_000) / 100,
    `2024-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`, `${district}市场监督管理局`,
    edition === 0 ? `备注${rng.int(0, 9999)}` : `修订${edition}`, rng.pick(['已执行', '执行中', '已撤销']), rng.int(0, 1) === 1, 2024,
  ]
}

/** The two editions: every 100th row changed, every 200th (offset by 50) removed, 0.5% new rows at the end. */
function* edition(rows: number, which: 0 | 1): Generator<CellValue[]> {
  const rng = new Rng(`gongkai-bench-changes-${rows}`)
  for (let id = 1; id <= rows; id++) {
    const base = row(rng, id, 0)
    if (which === 0) yield base
    else if (id % 200 === 50) continue
    else yield id % 100 === 0 ? row(new Rng(`edit-${id}`), id, 1) : base
  }
  if (which === 1) for (let id = rows + 1; id <= rows + rows / 200; id++) yield row(rng, id, 0)
}

async function publishEdition(store: DatasetStore, id: string, keyed: boolean, rows: number, which: 0 | 1): Promise<void> {
  const writer = await store.beginVersion(id, { fields: FIELDS, ...(keyed ? { primaryKey: 'record_id' } : {}), uniqueFields: [], fingerprint: `bench-${which}` })
  let batch: PublicRow[] = []
  let numbers: number[] = []
  const flush = async (): Promise<void> => {
    const rejected = await writer.insert({ rows: batch, rowNumbers: numbers })
    if (rejected.length) throw new Error(`rows rejected: ${JSON.stringify(rejected.slice(0, 3))}`)
    batch = []
    numbers = []
  }
  let n = 0
  for (const values of edition(rows, which)) {
    batch.push(Object.fromEntries(FIELDS.map((f, i) => [f.name, values[i]])) as unknown as PublicRow)
    numbers.push(++n)
    if (batch.length === BATCH) await flush()
  }
  if (batch.length) await flush()
  const { rowCount } = await writer.complete()
  await writer.publish(entry(id, keyed), rowCount)
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now()
  const value = await run()
  return { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), value }
}

interface Measured { store: string; matchedBy: string; work: string; seconds: number; rows?: unknown }

async function measure(store: DatasetStore, storeName: string, rows: number): Promise<Measured[]> {
  const results: Measured[] = []
  const ids = { keyed: 'changes-keyed', content: 'changes-content' }
  await store.syncCatalog([entry(ids.keyed, true), entry(ids.content, false)], new Set(Object.values(ids)))
  for (const [matchedBy, id] of Object.entries(ids)) {
    console.log(`${storeName}, ${matchedBy}: publishing two versions of ${rows.toLocaleString('en')} rows`)
    await publishEdition(store, id, matchedBy === 'keyed', rows, 0)
    await publishEdition(store, id, matchedBy === 'keyed', rows, 1)
    const [to, from] = (await store.getDataset(id))?.versions as [VersionInfo, VersionInfo]
    const record = (work: string, seconds: number, summaryRows?: unknown): void => {
      results.push({ store: storeName, matchedBy, work, seconds, ...(summaryRows ? { rows: summaryRows } : {}) })
      console.log(`  ${work.padEnd(48)} ${seconds.toFixed(2)} s${summaryRows ? `  ${JSON.stringify(summaryRows)}` : ''}`)
    }
    const read = await timed(() => withScans(store, id, from, to, { keyed: matchedBy === 'content' }, async (a, b) => {
      while (await a.fill()) a.at = a.rows.length
      while (await b.fill()) b.at = b.rows.length
    }))
    record('reference: read both versions, nothing compared', read.seconds)
    const ingest = await timed(() => compareVersions(store, id, from, to))
    record('summary at ingest (counted by the store)', ingest.seconds, ingest.value.rows)
    const merged = await timed(() => mergeVersions(store, id, from, to))
    record('summary in a serving process (merged here)', merged.seconds, merged.value.rows)
    const page = await timed(() => new ChangeLog(store).page(id, from, to, {}, 100))
    record('first page of 100 changes', page.seconds)
  }
  return results
}

export async function benchChanges(args: string[]): Promise<void> {
  const { rows, store: storeKind } = parseQueryArgs(args)
  const results: Measured[] = []
  const dataDir = fs.mkdtempSync(path.join(ROOT, 'data', 'bench', 'changes-'))
  const database = storeKind === 'postgres' ? await benchDatabase() : undefined
  try {
    const options = { dataDir, keepVersions: 3, queryWorkers: 1, queryBudgetMs: 60_000, queryQueue: 10, queryPerCaller: 10 }
    const sqlite = openStore({ ...options, databaseUrl: undefined })
    try {
      results.push(...await measure(sqlite, 'sqlite', rows))
    } finally {
      await sqlite.close()
    }
    if (database) {
      const postgres = openStore({ ...options, dataDir: path.join(dataDir, 'pg'), databaseUrl: database.url })
      try {
        results.push(...await measure(postgres, 'postgres', rows))
      } finally {
        await postgres.close()
      }
    }
  } finally {
    await database?.drop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  writeResult('changes', { rows, target: 'summary at ingest ≤ 10 s for 1M against 1M rows', results })
}
