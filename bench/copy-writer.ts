/**
 * The PostgreSQL store's write path alone (issue 11 §6: ingest via COPY ≥ 150k rows/s): the public rows of
 * an ingested version, read back into memory, stored again as a new version through the store's
 * VersionWriter in the ingest's batches, with one batch in flight while the next is handed over as the
 * ingest does; then the indexes. The version is aborted afterwards. Beside it, `psql \copy` of the source
 * CSV into a table of text columns with the same primary key (PostgreSQL parsing and indexing one row,
 * nothing else: the ceiling).
 */
import { execFileSync } from 'node:child_process'
import type { CellValue, PublicRow } from '../src/desensitise/types.ts'
import { PostgresDatasetStore } from '../src/store/postgres/store.ts'
import type { RowBatch } from '../src/store/types.ts'

const BATCH_ROWS = 4096

export interface CopyRun {
  name: string
  rows: number
  seconds: number
  rowsPerSecond: number
  indexSeconds?: number
}

export async function copyWriterRun(url: string, dataDir: string, id: string): Promise<CopyRun> {
  const store = new PostgresDatasetStore(url, dataDir)
  try {
    const dataset = await store.getDataset(id)
    const current = dataset?.current
    if (!current) throw new Error(`${id} has no published version in ${url}`)
    const names = current.fields.map((f) => f.name)
    const batches: RowBatch[] = []
    const reader = await store.versionRows(id, current.version)
    let rowNumber = 0
    for await (const rows of reader.batches(BATCH_ROWS)) {
      const objects = rows.map((cells: CellValue[]) => Object.fromEntries(names.map((n, i) => [n, cells[i] ?? null])) as PublicRow)
      batches.push({ rows: objects, rowNumbers: objects.map(() => ++rowNumber) })
    }
    await reader.close()
    const writer = await store.beginVersion(id, { fields: current.fields, ...(current.primaryKey ? { primaryKey: current.primaryKey } : {}), uniqueFields: [], fingerprint: 'bench' })
    try {
      const started = performance.now()
      let previous: Promise<unknown> = Promise.resolve()
      for (const batch of batches) {
        const current = writer.insert(batch)
        await previous
        previous = current
      }
      await previous
      const copied = performance.now()
      await writer.complete()
      const done = performance.now()
      const seconds = (copied - started) / 1000
      return { name: 'store COPY writer (public rows, primary key checked)', rows: rowNumber, seconds, rowsPerSecond: Math.round(rowNumber / seconds), indexSeconds: (done - copied) / 1000 }
    } finally {
      await writer.abort()
    }
  } finally {
    await store.close()
  }
}

/** `psql \copy` of the CSV into text columns with a primary key on `key` (the first column when unnamed). */
export function psqlCopyRun(url: string, csvPath: string, columns: readonly string[], key: string, rows: number): CopyRun {
  const table = 'bench_psql_copy'
  const ddl = `DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${columns.map((c) => `"${c}" text`).join(', ')}, PRIMARY KEY ("${key}"));`
  execFileSync('psql', [url, '-qc', ddl])
  const started = performance.now()
  execFileSync('psql', [url, '-qc', `\\copy ${table} FROM '${csvPath}' WITH (FORMAT csv, HEADER true)`])
  const seconds = (performance.now() - started) / 1000
  execFileSync('psql', [url, '-qc', `DROP TABLE ${table}`])
  return { name: 'psql \\copy (text columns, primary key)', rows, seconds, rowsPerSecond: Math.round(rows / seconds) }
}
