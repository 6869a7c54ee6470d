/**
 * `npm run bench -- startup [runs]`: what `gongkai start` costs over the sample catalog, already ingested —
 * time from spawn to /readyz answering 200, to the first rows page (which runs in a query worker thread),
 * and the process's idle RSS a moment after (its worker threads included: they are threads of it).
 * Two ways to run the same server, `runs` times each (3 by default): the compiled JavaScript in dist/
 * (bin/gongkai.js, what npm start runs) and the TypeScript sources through tsx (bin/gongkai.ts, what
 * npm run dev runs, and what npm start ran before there was a build: tsx in the main and every worker thread).
 * Results: bench/results/startup.json.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const VARIANTS: Record<string, string[]> = {
  dist: [path.join(ROOT, 'bin/gongkai.js')],
  'source (tsx)': ['--import', 'tsx', path.join(ROOT, 'bin/gongkai.ts')],
}
/** After ready, how long the process is left alone before its RSS is read: the workers finish booting. */
const SETTLE_MS = 3000
const ROWS_PATH = '/api/v1/datasets/parks/rows?_limit=10'

interface Run { readyMs: number; firstRowsMs: number; idleRssMB: number; threads: number }

/** VmRSS and Threads of a Linux process, from /proc. */
function processStatus(pid: number): { rssMB: number; threads: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1])
  return { rssMB: Math.round(field('VmRSS') / 1024), threads: field('Threads') }
}

function listeningAddress(child: ChildProcess): Promise<string> {
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 60 s:\n${output}`)), 60_000)
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)))
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (listening?.[1]) {
        clearTimeout(timer)
        resolve(listening[1])
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
  })
}

async function until200(url: string): Promise<void> {
  for (;;) {
    const status = await fetch(url).then((r) => r.status, () => 0)
    if (status === 200) return
    await sleep(10)
  }
}

async function startOnce(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, [...args, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    const address = await listeningAddress(child)
    await until200(`${address}/readyz`)
    const readyMs = performance.now() - started
    await until200(`${address}${ROWS_PATH}`)
    const firstRowsMs = performance.now() - started
    await sleep(SETTLE_MS)
    const { rssMB, threads } = processStatus(child.pid as number)
    return { readyMs: Math.round(readyMs), firstRowsMs: Math.round(firstRowsMs), idleRssMB: rssMB, threads }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

export async function benchStartup(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 3)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-startup-'))
  const env = {
    ...process.env,
    GONGKAI_CATALOG_DIR: path.join(ROOT, 'catalog'),
    GONGKAI_DATASETS_DIR: path.join(ROOT, 'datasets'),
    GONGKAI_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
  }
  // the times depend on how busy the machine is (a shared CI host may be): recorded with them
  const loadAverage = { before: os.loadavg()[0] }
  try {
    // the first start ingests the catalog; every measured start finds it ingested
    await startOnce(VARIANTS.dist as string[], env)
    const measured: Record<string, Run[]> = Object.fromEntries(Object.keys(VARIANTS).map((variant) => [variant, []]))
    // alternated, so that a change in the machine's load falls on both alike
    for (let i = 0; i < count; i++) {
      for (const [variant, variantArgs] of Object.entries(VARIANTS)) measured[variant]?.push(await startOnce(variantArgs, env))
    }
    const results = []
    for (const [variant, runs] of Object.entries(measured)) {
      const summary = { variant, runs, median: { readyMs: median(runs.map((r) => r.readyMs)), firstRowsMs: median(runs.map((r) => r.firstRowsMs)), idleRssMB: median(runs.map((r) => r.idleRssMB)) } }
      console.log(`${variant.padEnd(14)} ready ${summary.median.readyMs} ms  first rows ${summary.median.firstRowsMs} ms  idle RSS ${summary.median.idleRssMB} MB  (${runs[0]?.threads} threads; medians of ${runs.length})`)
      results.push(summary)
    }
    writeResult('startup', { catalog: 'catalog/ (samples), ingested', settleMs: SETTLE_MS, loadAverage: { ...loadAverage, after: os.loadavg()[0] }, results })
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
