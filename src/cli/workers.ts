import cluster, { type Worker } from 'node:cluster'
import type { Output } from './output.ts'

/** A worker that lived this long (from its fork) did not crash on start: the next replacement is immediate again. */
const STABLE_AFTER_MS = 10_000
const FIRST_DELAY_MS = 100
const MAX_DELAY_MS = 30_000

/**
 * How long to wait before replacing a worker, after `quickDeaths` workers in a row died within
 * STABLE_AFTER_MS of their start: doubling from 100 ms to 30 s, so a worker that cannot start (a
 * broken store, a bad setting) is retried without spinning the machine's cores on it.
 */
export function restartDelay(quickDeaths: number): number {
  if (quickDeaths <= 0) return 0
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (quickDeaths - 1))
}

/**
 * In the cluster primary: forks `count` workers (each runs this same command line, as a worker, and
 * listens on the port the cluster shares), replaces any that dies, and on SIGINT or SIGTERM stops
 * them all with SIGTERM and exits 0 once they have exited. Never resolves.
 */
export function superviseWorkers(count: number, out: Output): void {
  const startedAt = new Map<Worker, number>()
  let quickDeaths = 0
  let stopping = false
  const timers = new Set<NodeJS.Timeout>()
  const fork = () => startedAt.set(cluster.fork(), performance.now())

  cluster.on('exit', (worker, code, signal) => {
    const lived = performance.now() - (startedAt.get(worker) ?? 0)
    startedAt.delete(worker)
    if (stopping) {
      if (startedAt.size === 0) process.exit(0)
      return
    }
    quickDeaths = lived < STABLE_AFTER_MS ? quickDeaths + 1 : 0
    const delay = restartDelay(quickDeaths)
    out.error(`worker ${worker.process.pid} ${signal ? `was killed by ${signal}` : `exited with ${code}`}; replacing it${delay ? ` in ${delay} ms` : ''}`)
    const timer = setTimeout(() => {
      timers.delete(timer)
      fork()
    }, delay)
    timers.add(timer)
  })

  const stop = () => {
    if (stopping) return
    stopping = true
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
    if (startedAt.size === 0) process.exit(0)
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM')
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  for (let i = 0; i < count; i++) fork()
}
