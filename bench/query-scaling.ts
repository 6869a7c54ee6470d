/**
 * Q1 served by one process and by two sharing the port (node:cluster workers of query-server.ts, as
 * `gongkai start --workers N` runs them), with the rate limits counted in Redis as several servers do.
 * Both servers are up at once, on ports of their own, and measured in turns (one, two, one, two), so that
 * other work starting on the machine half-way weighs on both alike; the speedup is from the sums.
 */
import os from 'node:os'
import { measure as measureAlone, ratio, type Measured } from './query-measure.ts'
import { startQueryServer } from './query-process.ts'

const ROUNDS = 2
const WARM_UP_SECONDS = 2

type WithCpu = Measured & { machineCpuBusy: number }

export interface ScalingRun { ceiling: WithCpu; q1Rounds: WithCpu[] }

const cpuTimes = () => os.cpus().reduce((sum, { times: t }) => ({ idle: sum.idle + t.idle, total: sum.total + t.user + t.nice + t.sys + t.idle + t.irq }), { idle: 0, total: 0 })

/** measure(), with how busy the machine's cores were meanwhile (0–1, whatever kept them busy): at 1 with one process, a second cannot help. */
async function measure(...args: Parameters<typeof measureAlone>): Promise<WithCpu> {
  const before = cpuTimes()
  const measured = await measureAlone(...args)
  const after = cpuTimes()
  return { ...measured, machineCpuBusy: ratio(after.total - before.total - (after.idle - before.idle), after.total - before.total) }
}

export interface Scaling { rateLimits: string; oneProcess: ScalingRun; twoProcesses: ScalingRun; twoProcessSpeedup: number; ceilingSpeedup: number }

export async function scaling(options: { label: string; dataDir: string; storeFlags: string[]; redisUrl: string; q1: string; duration: number; ports: [number, number] }): Promise<Scaling> {
  const { label, dataDir, storeFlags, redisUrl, q1, duration, ports } = options
  const start = (workers: number, port: number) => startQueryServer(port, dataDir, q1, [...storeFlags, '--redis-url', redisUrl, '--workers', String(workers)])
  const one = await start(1, ports[0])
  try {
    const two = await start(2, ports[1])
    try {
      console.log(`-- ${label}: 1 process on :${ports[0]}, 2 processes on :${ports[1]}`)
      // not reported: each worker's JIT, page cache and connections
      for (const server of [one, two]) await measure(server.base, 'warm-up Q1', q1, WARM_UP_SECONDS)
      const oneProcess: ScalingRun = { ceiling: await measure(one.base, '1 process: ceiling', '/bench/ceiling', duration), q1Rounds: [] }
      const twoProcesses: ScalingRun = { ceiling: await measure(two.base, '2 processes: ceiling', '/bench/ceiling', duration), q1Rounds: [] }
      for (let round = 0; round < ROUNDS; round++) {
        oneProcess.q1Rounds.push(await measure(one.base, '1 process: Q1', q1, duration))
        twoProcesses.q1Rounds.push(await measure(two.base, '2 processes: Q1', q1, duration))
      }
      const total = (run: ScalingRun) => run.q1Rounds.reduce((sum, m) => sum + m.requestsPerSecond, 0)
      const twoProcessSpeedup = ratio(total(twoProcesses), total(oneProcess))
      console.log(`${label}: two ÷ one processes on Q1 ${twoProcessSpeedup}×`)
      return { rateLimits: `Redis (${redisUrl})`, oneProcess, twoProcesses, twoProcessSpeedup, ceilingSpeedup: ratio(twoProcesses.ceiling.requestsPerSecond, oneProcess.ceiling.requestsPerSecond) }
    } finally {
      await two.stop()
    }
  } finally {
    await one.stop()
  }
}
