/** `gongkai start --workers N`: one ingest, N node:cluster workers on one port, replaced when they die. */
import { execFileSync } from 'node:child_process'
import t from 'tap'
import { restartDelay } from '../../src/cli/workers.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { startGongkai } from '../helpers/gongkai-process.ts'
import { freePort } from '../helpers/redis.ts'

t.test('a worker is replaced at once after a stable life, with doubling delays in a crash loop', async (t) => {
  const cases: Array<[number, number]> = [[0, 0], [1, 100], [2, 200], [3, 400], [9, 25_600], [10, 30_000], [50, 30_000]]
  for (const [quickDeaths, delay] of cases) t.equal(restartDelay(quickDeaths), delay, `${quickDeaths} quick deaths`)
})

t.test('--workers must be 1 to 64', async (t) => {
  const fx = makeFixture(t)
  for (const workers of ['0', '65', 'two', '1.5']) {
    const run = await fx.cli('start', '--workers', workers)
    t.equal(run.code, 2, workers)
    t.match(run.stderr, /^--workers must be a whole number from 1 to 64\n\nusage: gongkai start \[--workers N\]/, workers)
  }
})

/** The primary's child processes (its workers): ps lists processes, not the workers' query threads. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number)
  } catch {
    return [] // ps exits 1 when it lists nothing
  }
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const found = probe()
    if (found !== undefined) return found
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const listening = (output: string) => output.match(/Server listening at/g)?.length ?? 0

t.test('two workers on the embedded store serve one port, a killed one is replaced, SIGTERM stops all', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(30))
  const env: NodeJS.ProcessEnv = { ...process.env, ...fx.env, HOST: '127.0.0.1', PORT: String(await freePort()), GONGKAI_QUERY_WORKERS: '1' }
  delete env.GONGKAI_REDIS_URL
  const primary = await startGongkai(t, ['start', '--workers', '2'], env)
  const pid = primary.child.pid as number
  await until('both workers to listen', () => (listening(primary.output()) === 2 ? true : undefined))
  t.match(primary.output(), /stations: published version 1/, 'the primary ingested')
  t.equal(primary.output().match(/published version/g)?.length, 1, 'once')
  t.match(primary.output(), /--workers 2 without GONGKAI_REDIS_URL: each worker counts rate limits on its own/)
  const workers = childrenOf(pid)
  t.equal(workers.length, 2, 'two worker processes')

  // both workers read the one SQLite data directory the primary wrote
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${primary.address}/api/v1/datasets/stations/rows?_limit=100`, { headers: { connection: 'close' } })
    t.equal(res.status, 200)
    t.equal(((await res.json()) as { rows: unknown[] }).rows.length, 30)
  }

  process.kill(workers[0] as number, 'SIGKILL')
  const replaced = await until('a replacement worker', () => {
    const now = childrenOf(pid)
    return now.length === 2 && !now.includes(workers[0] as number) && listening(primary.output()) === 3 ? now : undefined
  })
  t.ok(replaced.includes(workers[1] as number), 'the other worker kept running')
  t.match(primary.output(), new RegExp(`worker ${workers[0]} was killed by SIGKILL; replacing it`))
  t.equal((await fetch(`${primary.address}/healthz`)).status, 200, 'served after the replacement')

  primary.child.kill('SIGTERM')
  t.equal(await primary.exited, 0, 'the primary exits 0')
  t.same(childrenOf(pid), [], 'no worker left')
  await t.rejects(fetch(`${primary.address}/healthz`), 'nothing listens any more')
})
