/**
 * `npm run bench -- query [rows] [seconds] [--store postgres]`: Q1 first page of 100 rows; Q2 equality
 * filter on an indexed field; Q3 the same sorted by another indexed field descending; Q4 the 51st page of
 * Q3 by cursor; on the 1M-row penalties dataset, autocannon with 10 connections for 10 s each, beside the
 * same server answering a fixed 100-row body (the ceiling). Repeated pages come from the page cache, so Q3
 * is also run uncached (a different filter value and page size on every request).
 * With --store postgres, the same run then ingests the dataset into a PostgreSQL database of its own
 * (pg-database.ts), measures the same queries there (ratio to SQLite per query; target Q1–Q4 ≥ 0.5×), and
 * Q1 served by one process and by two node:cluster processes sharing the port, on PostgreSQL with the
 * limits in Redis as several servers run (and the same on SQLite; target two ÷ one ≥ 1.3×).
 * Results: bench/results/query.json (req/s, p50, p99, ratio to the ceiling).
 */
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { runCli } from '../src/cli/main.ts'
import { DEFAULT_ROWS, generatePenalties } from './generate-penalties.ts'
import { benchDatabase } from './pg-database.ts'
import { parseQueryArgs } from './query-args.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const PORT = 3917
const BASE = `http://127.0.0.1:${PORT}`
const CONNECTIONS = 10
const REDIS_URL = process.env.GONGKAI_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PG_TARGET = 0.5
const SPEEDUP_TARGET = 1.3

interface Measured { name: string; path: string; requestsPerSecond: number; p50: number; p99: number; non2xx: number; ratioToCeiling?: number; ratioToSqlite?: number }

async function measure(name: string, urlPath: string | (() => string), duration: number): Promise<Measured> {
  const dynamic = typeof urlPath === 'function'
  const result = await autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration,
    requests: [dynamic ? { method: 'GET', setupRequest: (req) => ({ ...req, path: urlPath() }) } : { method: 'GET', path: urlPath }],
  })
  const m = { name, path: dynamic ? `${urlPath()} (varies)` : urlPath, requestsPerSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx }
  console.log(`${name.padEnd(44)} ${String(m.requestsPerSecond).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${m.non2xx ? `  non-2xx ${m.non2xx}` : ''}`)
  return m
}

const ratio = (a: number, b: number): number => Number((a / (b || 1)).toFixed(3))

/**
 * The penalties dataset of `rows` rows, generated once, ingested as a grade-1 copy (anonymous callers may
 * read it) into `dataDir` (data/bench/query-data by default), or into the PostgreSQL database `databaseUrl`
 * with its bulk files under `dataDir`.
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
  const { GONGKAI_DATABASE_URL: _ignored, ...inherited } = process.env
  const env = { ...inherited, GONGKAI_CATALOG_DIR: queryCatalog, GONGKAI_DATASETS_DIR: datasetsDir, GONGKAI_DATA_DIR: dataDir, GONGKAI_PSEUDONYM_KEY: 'benchmark-pseudonym-key-not-secret', ...(options.databaseUrl ? { GONGKAI_DATABASE_URL: options.databaseUrl } : {}) }
  const code = await runCli(['ingest', id], { log: console.log, error: console.error }, env)
  if (code !== 0) throw new Error('ingest failed')
  return { dataDir, id }
}

/** bench/query-server.ts on PORT with these flags, until `stop()` (SIGTERM; it has exited, port free, when that resolves). */
async function startServer(dataDir: string, ceilingFile: string, flags: string[]): Promise<{ stop: () => Promise<void> }> {
  const server = fork(path.join(ROOT, 'bench', 'query-server.ts'), [dataDir, String(PORT), ceilingFile, ...flags], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  await new Promise<void>((resolve, reject) => {
    server.once('message', () => resolve())
    server.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  server.removeAllListeners('exit')
  const stop = () => new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve()
    const kill = setTimeout(() => server.kill('SIGKILL'), 10_000)
    server.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    server.kill('SIGTERM')
  })
  return { stop }
}

async function withServer<T>(dataDir: string, id: string, flags: string[], run: () => Promise<T>): Promise<T> {
  const ceilingFile = path.join(dataDir, 'ceiling.json')
  const server = await startServer(dataDir, ceilingFile, flags)
  try {
    // the ceiling body is Q1's own response, so both send the same bytes
    fs.writeFileSync(ceilingFile, await (await fetch(`${BASE}${q1Path(id)}`)).text())
    return await run()
  } finally {
    await server.stop()
  }
}

const rowsPathOf = (id: string) => `/api/v1/datasets/${id}/rows`
const q1Path = (id: string) => `${rowsPathOf(id)}?_limit=100`
const CEILING = 'ceiling (fixed 100-row body)'
const Q1 = 'Q1 first page of 100 rows'

/** The ceiling, Q1–Q4 and Q3 uncached on the server at BASE, each with its ratio to that server's ceiling. */
async function querySuite(id: string, duration: number): Promise<Measured[]> {
  const rowsPath = rowsPathOf(id)
  const types = ['占道经营', '无照经营', '虚假宣传', '价格违法', '张贴小广告', '非法营运']
  const violation = encodeURIComponent(types[0] as string)
  const q3 = `${rowsPath}?violation_type=${violation}&_sort=-decision_date&_limit=100`
  let cursor = ''
  for (let page = 1; page <= 50; page++) {
    const body = await (await fetch(`${BASE}${q3}${cursor ? `&_cursor=${cursor}` : ''}`)).json() as { next: string }
    cursor = body.next
  }
  let n = 0
  const results = [
    await measure(CEILING, '/bench/ceiling', duration),
    await measure(Q1, q1Path(id), duration),
    await measure('Q2 equality filter, indexed field', `${rowsPath}?violation_type=${violation}&_limit=100`, duration),
    await measure('Q3 filter + sort by another index, desc', q3, duration),
    await measure('Q4 51st page of Q3 by cursor', `${q3}&_cursor=${cursor}`, duration),
    await measure('Q3 uncached (value and size vary)', () => `${rowsPath}?violation_type=${encodeURIComponent(types[n++ % types.length] as string)}&_sort=-decision_date&_limit=${90 + (n % 97)}`, duration),
  ]
  const ceiling = results[0]?.requestsPerSecond ?? 1
  for (const r of results.slice(1)) r.ratioToCeiling = ratio(r.requestsPerSecond, ceiling)
  return results
}

/** Q1 (and the ceiling, for what the framework alone gains) from one node:cluster worker and from two, on one port. */
async function scaling(id: string, duration: number, dataDir: string, storeFlags: string[], label: string) {
  const run = (workers: number) => {
    console.log(`-- ${label}, ${workers} process${workers > 1 ? 'es' : ''}`)
    return withServer(dataDir, id, [...storeFlags, '--redis-url', REDIS_URL, '--workers', String(workers)], async () => [
      await measure(CEILING, '/bench/ceiling', duration),
      await measure(Q1, q1Path(id), duration),
    ])
  }
  const oneProcess = await run(1)
  const twoProcesses = await run(2)
  const rps = (results: Measured[], name: string) => results.find((r) => r.name === name)?.requestsPerSecond ?? 0
  const twoProcessSpeedup = ratio(rps(twoProcesses, Q1), rps(oneProcess, Q1))
  console.log(`${label}: two ÷ one processes on Q1 ${twoProcessSpeedup}×`)
  return { rateLimits: `Redis (${REDIS_URL})`, oneProcess, twoProcesses, twoProcessSpeedup, ceilingSpeedup: ratio(rps(twoProcesses, CEILING), rps(oneProcess, CEILING)) }
}

export async function benchQuery(args: string[]): Promise<void> {
  const { rows, duration, store } = parseQueryArgs(args)
  const { dataDir, id } = await prepare(rows)
  if (store === 'postgres') console.log('-- SQLite')
  const results = await withServer(dataDir, id, [], () => querySuite(id, duration))
  if (store !== 'postgres') {
    writeResult('query', { rows, connections: CONNECTIONS, durationSeconds: duration, results })
    return
  }
  const database = await benchDatabase()
  try {
    const pgDataDir = path.join(ROOT, 'data', 'bench', 'query-data-pg')
    // the bulk files of a database that is gone
    fs.rmSync(pgDataDir, { recursive: true, force: true })
    const started = performance.now()
    await prepare(rows, { dataDir: pgDataDir, databaseUrl: database.url })
    const ingestSeconds = Number(((performance.now() - started) / 1000).toFixed(1))
    const pgFlags = ['--database-url', database.url]
    console.log('-- PostgreSQL')
    const pgResults = await withServer(pgDataDir, id, pgFlags, () => querySuite(id, duration))
    for (const r of pgResults) r.ratioToSqlite = ratio(r.requestsPerSecond, results.find((s) => s.name === r.name)?.requestsPerSecond ?? 0)
    const postgres = {
      target: `Q1–Q4 at least ${PG_TARGET}× SQLite's req/s (issue 11 §6)`,
      targetMet: pgResults.filter((r) => /^Q[1-4] /.test(r.name)).every((r) => (r.ratioToSqlite ?? 0) >= PG_TARGET),
      ingestSeconds,
      results: pgResults,
    }
    const pgScaling = await scaling(id, duration, pgDataDir, pgFlags, 'PostgreSQL + Redis')
    const sqliteScaling = await scaling(id, duration, dataDir, [], 'SQLite + Redis')
    writeResult('query', {
      rows, connections: CONNECTIONS, durationSeconds: duration, results, postgres,
      scaling: {
        query: Q1,
        twoProcessSpeedup: pgScaling.twoProcessSpeedup,
        target: `two ÷ one processes at least ${SPEEDUP_TARGET}× on Q1, PostgreSQL + Redis (issue 11 §6)`,
        targetMet: pgScaling.twoProcessSpeedup >= SPEEDUP_TARGET,
        note: `one and two node:cluster workers of bench/query-server.ts sharing the port (as gongkai start --workers N); autocannon, PostgreSQL and Redis run on the same ${os.cpus().length}-core machine as the servers, so two processes share those cores with the load generator and the databases`,
        postgres: pgScaling,
        sqlite: sqliteScaling,
      },
    })
  } finally {
    await database.drop()
  }
}
