/**
 * `npm run bench -- ingest [rows] [--store postgres]`: rows/s and peak RSS of our ingest of the generated
 * penalties file, with every rule keep and with the desensitising rules, beside `sqlite3 .import` of the
 * same file (untyped, no checks: the floor of what loading this CSV into SQLite costs). With
 * `--store postgres` also: the ingest with rules into a PostgreSQL database of the benchmark's own, the
 * store's COPY writer alone (copy-writer.ts) and `psql \copy` of the file (the ceiling). Results go to
 * bench/results/ingest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { copyWriterRun, psqlCopyRun, type CopyRun } from './copy-writer.ts'
import { DEFAULT_ROWS, generatePenalties, PENALTY_COLUMNS } from './generate-penalties.ts'
import { benchDatabase } from './pg-database.ts'
import { parseQueryArgs } from './query-args.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

interface Run {
  name: string
  seconds: number
  rowsPerSecond: number
  maxRssMB?: number
}

/** One ingest in a child process, into PostgreSQL when `databaseUrl` is given (else the embedded store, whatever the shell sets). */
function ourIngest(name: string, catalogDir: string, datasetsDir: string, id: string, rows: number, databaseUrl?: string): Run {
  const dataDir = fs.mkdtempSync(path.join(ROOT, 'data', 'bench', 'run-'))
  const { GONGKAI_DATABASE_URL: _unset, ...env } = process.env
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ingest-child.ts'), catalogDir, datasetsDir, dataDir, id], {
      encoding: 'utf8', maxBuffer: 1 << 24, env: databaseUrl ? { ...env, GONGKAI_DATABASE_URL: databaseUrl } : env,
    })
    const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { code: number; seconds: number; maxRssMB: number; output: string[] }
    if (result.code !== 0) throw new Error(`${name} failed: ${result.output.join('\n')}${child.stderr}`)
    console.log(`  ${result.output.join('\n  ')}`)
    return { name, seconds: result.seconds, rowsPerSecond: Math.round(rows / result.seconds), maxRssMB: Math.round(result.maxRssMB) }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

function sqliteImport(csvPath: string, rows: number): Run | undefined {
  try {
    execFileSync('sqlite3', ['--version'], { stdio: 'ignore' })
  } catch {
    console.log('  sqlite3 CLI not found; install it (apt-get install sqlite3) to compare')
    return undefined
  }
  const db = path.join(ROOT, 'data', 'bench', 'sqlite3-import.db')
  fs.rmSync(db, { force: true })
  const started = performance.now()
  execFileSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${csvPath} penalties`])
  const seconds = (performance.now() - started) / 1000
  fs.rmSync(db, { force: true })
  return { name: 'sqlite3 .import (untyped)', seconds, rowsPerSecond: Math.round(rows / seconds) }
}

/** The PostgreSQL store: the whole ingest, then its COPY writer alone on the published rows, then psql \copy. */
async function postgresRuns(catalogDir: string, datasetsDir: string, id: string, rows: number, csvPath: string): Promise<Array<Run | CopyRun>> {
  const database = await benchDatabase()
  try {
    console.log('ingest into PostgreSQL, desensitising rules:')
    const ingest = ourIngest('gongkai ingest into PostgreSQL (rules + leak guard)', catalogDir, datasetsDir, id, rows, database.url)
    const scratch = fs.mkdtempSync(path.join(ROOT, 'data', 'bench', 'copy-'))
    try {
      const writer = await copyWriterRun(database.url, scratch, id)
      const psql = psqlCopyRun(database.url, csvPath, PENALTY_COLUMNS, 'record_id', rows)
      return [ingest, writer, psql]
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true })
    }
  } finally {
    await database.drop()
  }
}

export async function benchIngest(args: string[]): Promise<void> {
  const { rows, store } = parseQueryArgs(args)
  const out = path.join(ROOT, 'data', 'bench', rows === DEFAULT_ROWS ? 'penalties-1m.csv' : `penalties-${rows}.csv`)
  console.log(`generating ${rows.toLocaleString('en')} rows → ${path.relative(ROOT, out)}`)
  const generated = await generatePenalties({ rows, out })
  const { catalogDir, keepCatalogDir, datasetsDir, id } = generated
  if (!catalogDir || !keepCatalogDir) throw new Error('the generator wrote no catalog files')
  console.log('ingest, every rule keep:')
  const keep = ourIngest('gongkai ingest (all keep)', keepCatalogDir, datasetsDir, id, rows)
  console.log('ingest, desensitising rules:')
  const rules = ourIngest('gongkai ingest (rules + leak guard)', catalogDir, datasetsDir, id, rows)
  const sqlite = sqliteImport(generated.csvPath, rows)
  const postgres = store === 'postgres' ? await postgresRuns(catalogDir, datasetsDir, id, rows, generated.csvPath) : []
  const runs = [keep, rules, ...(sqlite ? [sqlite] : []), ...postgres]
  for (const r of runs) {
    const extra = 'maxRssMB' in r && r.maxRssMB ? `  peak RSS ${r.maxRssMB} MB` : 'indexSeconds' in r && r.indexSeconds ? `  then indexes ${r.indexSeconds.toFixed(2)} s` : ''
    console.log(`${r.name.padEnd(52)} ${r.rowsPerSecond.toLocaleString('en').padStart(10)} rows/s  ${r.seconds.toFixed(2)} s${extra}`)
  }
  const costOfRules = rules.seconds / keep.seconds
  console.log(`desensitisation cost: ${costOfRules.toFixed(2)}× the all-keep ingest (target ≤ 1.5×)`)
  writeResult('ingest', { rows, fileBytes: generated.bytes, runs, desensitisationCost: Number(costOfRules.toFixed(3)) })
}
