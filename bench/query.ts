/**
 * `npm run bench -- query`: Q1 first page of 100 rows; Q2 equality filter on an indexed field;
 * Q3 the same sorted by another indexed field descending; Q4 the 51st page of Q3 by cursor; on the
 * 1M-row penalties dataset, autocannon with 10 connections for 10 s each, beside the same server
 * answering a fixed 100-row body (the ceiling). Repeated pages come from the page cache, so Q3 is
 * also run uncached (a different filter value and page size on every request).
 * Results: bench/results/query.json (req/s, p50, p99, ratio to the ceiling).
 */
import { fork } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import { runCli } from '../src/cli/main.ts'
import { DEFAULT_ROWS, generatePenalties, parseRows } from './generate-penalties.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const PORT = 3917
const BASE = `http://127.0.0.1:${PORT}`

interface Measured { name: string; path: string; requestsPerSecond: number; p50: number; p99: number; non2xx: number; ratioToCeiling?: number }

async function measure(name: string, urlPath: string | (() => string), duration: number): Promise<Measured> {
  const dynamic = typeof urlPath === 'function'
  const result = await autocannon({
    url: BASE,
    connections: 10,
    duration,
    requests: [dynamic ? { method: 'GET', setupRequest: (req) => ({ ...req, path: urlPath() }) } : { method: 'GET', path: urlPath }],
  })
  const m = { name, path: dynamic ? `${urlPath()} (varies)` : urlPath, requestsPerSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx }
  console.log(`${name.padEnd(44)} ${String(m.requestsPerSecond).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${m.non2xx ? `  non-2xx ${m.non2xx}` : ''}`)
  return m
}

/** The penalties dataset of `rows` rows, generated once, ingested as a grade-1 copy (anonymous callers may read it). */
export async function prepare(rows: number): Promise<{ dataDir: string; id: string }> {
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
  const dataDir = path.join(ROOT, 'data', 'bench', 'query-data')
  const env = { ...process.env, GONGKAI_CATALOG_DIR: queryCatalog, GONGKAI_DATASETS_DIR: datasetsDir, GONGKAI_DATA_DIR: dataDir, GONGKAI_PSEUDONYM_KEY: 'benchmark-pseudonym-key-not-secret' }
  const code = await runCli(['ingest', id], { log: console.log, error: console.error }, env)
  if (code !== 0) throw new Error('ingest failed')
  return { dataDir, id }
}

export async function benchQuery(args: string[]): Promise<void> {
  const rows = args[0] ? parseRows(args[0]) : DEFAULT_ROWS
  const duration = Number(args[1] ?? 10)
  const { dataDir, id } = await prepare(rows)
  const rowsPath = `/api/v1/datasets/${id}/rows`
  const q1 = `${rowsPath}?_limit=100`
  const ceilingFile = path.join(dataDir, 'ceiling.json')
  const server = fork(path.join(ROOT, 'bench', 'query-server.ts'), [dataDir, String(PORT), ceilingFile], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('message', () => resolve())
      server.once('exit', (code) => reject(new Error(`server exited ${code}`)))
    })
    // the ceiling body is Q1's own response, so both send the same bytes
    fs.writeFileSync(ceilingFile, await (await fetch(`${BASE}${q1}`)).text())
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
      await measure('ceiling (fixed 100-row body)', '/bench/ceiling', duration),
      await measure('Q1 first page of 100 rows', q1, duration),
      await measure('Q2 equality filter, indexed field', `${rowsPath}?violation_type=${violation}&_limit=100`, duration),
      await measure('Q3 filter + sort by another index, desc', q3, duration),
      await measure('Q4 51st page of Q3 by cursor', `${q3}&_cursor=${cursor}`, duration),
      await measure('Q3 uncached (value and size vary)', () => `${rowsPath}?violation_type=${encodeURIComponent(types[n++ % types.length] as string)}&_sort=-decision_date&_limit=${90 + (n % 97)}`, duration),
    ]
    const ceiling = results[0]?.requestsPerSecond ?? 1
    for (const r of results.slice(1)) r.ratioToCeiling = Number((r.requestsPerSecond / ceiling).toFixed(3))
    writeResult('query', { rows, connections: 10, durationSeconds: duration, results })
  } finally {
    server.kill()
  }
}
