/**
 * `npm run bench -- query [rows] [seconds] [--store postgres]`: Q1 first page of 100 rows; Q2 equality
 * filter on an indexed field; Q3 the same sorted by another indexed field descending; Q4 the 51st page of
 * Q3 by cursor; on the 1M-row penalties dataset, autocannon with 10 connections for 10 s each, beside the
 * same server answering a fixed 100-row body (the ceiling). Repeated pages come from the page cache, so Q3
 * is also run uncached (a different filter value and page size on every request).
 * With --store postgres the same run goes on: it ingests the dataset into a PostgreSQL database of its own
 * (pg-database.ts) and measures the same queries there, each with its ratio to SQLite (target Q1–Q4 ≥ 0.5×);
 * then Q1 from one process and from two sharing the port, on PostgreSQL + Redis as several servers run,
 * and on SQLite + Redis (query-scaling.ts; target two ÷ one ≥ 1.3×).
 * Results: bench/results/query.json (req/s, p50, p99, ratio to the ceiling).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runCli } from '../src/cli/main.ts'
import { DEFAULT_ROWS, generatePenalties } from './generate-penalties.ts'
import { benchDatabase } from './pg-database.ts'
import { parseQueryArgs } from './query-args.ts'
import { CONNECTIONS, measure, ratio, type Measured } from './query-measure.ts'
import { withQueryServer } from './query-process.ts'
import { scaling } from './query-scaling.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const PORT = 3917
const SCALING_PORTS: [number, number] = [3927, 3928]
const REDIS_URL = process.env.GONGKAI_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PG_TARGET = 0.5
const SPEEDUP_TARGET = 1.3

/**
 * The penalties dataset of `rows` rows, generated once, ingested as a grade-1 copy (anonymous callers may
 * read it) into `dataDir` (data/bench/query-data unless given), or, given `databaseUrl`, into that
 * PostgreSQL database with its bulk files under `dataDir`.
 */
export async function prepare(rows: number, options: { dataDir?: string; databaseUrl?: string } = {}): Promise<{ dataDir: string; id: string }> {
  const out = path.join(ROOT, 'data', 'bench', rows === DEFAULT_ROWS ? 'penalties-1m.csv' : `penalties-${rows}.csv`)
  const generated = fs.existsSync(out) && fs.existsSync(path.join(path.dirname(out), 'catalog'))
    ? { id: path.basename(out, '.csv'), datasetsDir: path.dirname(out), catalogDir: path.join(path.dirname(out), 'catalog') }
    : await generatePenalties({ rows, out })
  const { id, datasetsDir, catalogDir } = generated as { id: string; datasetsDir: string; catalogDir: string }
  // a grade-1 copy of the catalog: the benchmark reads anonymously
  const queryCatalog = path.join(datasetsDir, 'catalog-query')
  fs.mkdirSync(queryCatalog, { recursive: true })
  fs.copyFileSync(path.join(catalogDir, '_themes.yaml'), path.join(queryCatalog, '_themes.yaml'))
  fs.writeFileSync(path.join(queryCatalog, `${id}.yaml`), fs.readFileSync(path.join(catalogDir, `${id}.yaml`), 'utf8').replace(/^grade: \d/m, 'grade: 1').replace(/^open: \w+/m, 'open: unconditional'))
  const dataDir = options.dataDir ?? path.join(ROOT, 'data', 'bench', 'query-data')
  // the embedded store unless asked otherwise, whatever the shell has set
  const { GONGKAI_DATABASE_URL: _shell, ...inherited } = process.env
  const env = { ...inherited, GONGKAI_CATALOG_DIR: queryCatalog, GONGKAI_DATASETS_DIR: datasetsDir, GONGKAI_DATA_DIR: dataDir, GONGKAI_PSEUDONYM_KEY: 'benchmark-pseudonym-key-not-secret', ...(options.databaseUrl ? { GONGKAI_DATABASE_URL: options.databaseUrl } : {}) }
  const code = await runCli(['ingest', id], { log: console.log, error: console.error }, env)
  if (code !== 0) throw new Error('ingest failed')
  return { dataDir, id }
}

const rowsPathOf = (id: string) => `/api/v1/datasets/${id}/rows`
const q1Of = (id: string) => `${rowsPathOf(id)}?_limit=100`

/** The ceiling, Q1–Q4 and Q3 uncached on the server at `base`, each with its ratio to that server's ceiling. */
async function querySuite(base: string, id: string, duration: number): Promise<Measured[]> {
  const rowsPath = rowsPathOf(id)
  const types = ['占道经营', '无照经营', '虚假宣传', '价格违法', '张贴小广告', '非法营运']
  const violation = encodeURIComponent(types[0] as string)
  const q3 = `${rowsPath}?violation_type=${violation}&_sort=-decision_date&_limit=100`
  let cursor = ''
  for (let page = 1; page <= 50; page++) {
    const body = await (await fetch(`${base}${q3}${cursor ? `&_cursor=${cursor}` : ''}`)).json() as { next: string }
    cursor = body.next
  }
  let n = 0
  const results = [
    await measure(base, 'ceiling (fixed 100-row body)', '/bench/ceiling', duration),
    await measure(base, 'Q1 first page of 100 rows', q1Of(id), duration),
    await measure(base, 'Q2 equality filter, indexed field', `${rowsPath}?violation_type=${violation}&_limit=100`, duration),
    await measure(base, 'Q3 filter + sort by another index, desc', q3, duration),
    await measure(base, 'Q4 51st page of Q3 by cursor', `${q3}&_cursor=${cursor}`, duration),
    await measure(base, 'Q3 uncached (value and size vary)', () => `${rowsPath}?violation_type=${encodeURIComponent(types[n++ % types.length] as string)}&_sort=-decision_date&_limit=${90 + (n % 97)}`, duration),
  ]
  const ceiling = results[0]?.requestsPerSecond ?? 1
  for (const r of results.slice(1)) r.ratioToCeiling = ratio(r.requestsPerSecond, ceiling)
  return results
}

export async function benchQuery(args: string[]): Promise<void> {
  const { rows, duration, store } = parseQueryArgs(args)
  const { dataDir, id } = await prepare(rows)
  if (store === 'postgres') console.log('-- SQLite')
  const results = await withQueryServer(PORT, dataDir, q1Of(id), [], (base) => querySuite(base, id, duration))
  if (store === 'sqlite') {
    writeResult('query', { rows, connections: CONNECTIONS, durationSeconds: duration, results })
    return
  }
  const database = await benchDatabase()
  try {
    const pgDataDir = path.join(ROOT, 'data', 'bench', 'query-data-pg')
    // bulk files of an earlier run's database, which is gone
    fs.rmSync(pgDataDir, { recursive: true, force: true })
    const started = performance.now()
    await prepare(rows, { dataDir: pgDataDir, databaseUrl: database.url })
    const ingestSeconds = Number(((performance.now() - started) / 1000).toFixed(1))
    const pgFlags = ['--database-url', database.url]
    console.log('-- PostgreSQL')
    const pgResults = await withQueryServer(PORT, pgDataDir, q1Of(id), pgFlags, (base) => querySuite(base, id, duration))
    for (const r of pgResults) {
      const sqlite = results.find((s) => s.name === r.name)
      r.ratioToSqlite = ratio(r.requestsPerSecond, sqlite?.requestsPerSecond ?? 0)
      // other work on the machine during one run and not the other moves both its ceiling and its queries
      if (r.ratioToCeiling !== undefined) r.ceilingNormalisedRatioToSqlite = ratio(r.ratioToCeiling, sqlite?.ratioToCeiling ?? 0)
    }
    const common = { redisUrl: REDIS_URL, q1: q1Of(id), duration, ports: SCALING_PORTS }
    const pgScaling = await scaling({ label: 'PostgreSQL + Redis', dataDir: pgDataDir, storeFlags: pgFlags, ...common })
    const sqliteScaling = await scaling({ label: 'SQLite + Redis', dataDir, storeFlags: [], ...common })
    writeResult('query', {
      rows, connections: CONNECTIONS, durationSeconds: duration, results,
      postgres: {
        target: `Q1–Q4 at least ${PG_TARGET}× SQLite's req/s (issue 11 §6)`,
        ratios: 'ratioToSqlite: req/s ÷ SQLite req/s of the same query; ceilingNormalisedRatioToSqlite: ratioToCeiling ÷ SQLite ratioToCeiling, which discounts a machine busier during one of the two runs (the ceilings of both should be alike: they do the same work)',
        targetMet: pgResults.filter((r) => /^Q[1-4] /.test(r.name)).every((r) => (r.ratioToSqlite ?? 0) >= PG_TARGET),
        ingestSeconds,
        results: pgResults,
      },
      scaling: {
        query: 'Q1 first page of 100 rows',
        twoProcessSpeedup: pgScaling.twoProcessSpeedup,
        target: `two ÷ one processes at least ${SPEEDUP_TARGET}× on Q1, PostgreSQL + Redis (issue 11 §6)`,
        targetMet: pgScaling.twoProcessSpeedup >= SPEEDUP_TARGET,
        note: `one and two node:cluster workers of bench/query-server.ts on one port (as gongkai start --workers N), measured in turns; autocannon, PostgreSQL and Redis run on the same ${os.cpus().length}-core machine as the servers, so two processes share those cores with the load generator and the databases`,
        postgres: pgScaling,
        sqlite: sqliteScaling,
      },
    })
  } finally {
    await database.drop()
  }
}
