import t from 'tap'
import { parseRetrySchedule } from '../../src/config/webhooks.ts'
import { JITTER, retryDelayMs } from '../../src/webhooks/retry.ts'

const SCHEDULE = parseRetrySchedule(undefined)

t.test('attempt n failed: the n-th delay, jittered by at most ±10 %; none after the last', async (t) => {
  const cases: Array<[number, number, number | undefined]> = [
    [1, 0, 4500],
    [1, 0.5, 5000],
    [1, 0.999999, 5500],
    [2, 0.5, 60_000],
    [2, 0, 54_000],
    [8, 0.5, 36_000_000],
    [9, 0.5, undefined],
    [0, 0.5, undefined],
  ]
  for (const [attempts, random, expected] of cases) t.equal(retryDelayMs(SCHEDULE, attempts, random), expected, `after ${attempts} attempts, random ${random}`)
})

t.test('the first retry comes within 10 s, and the retries of one delivery grow and span more than 24 h', async (t) => {
  for (const random of [0, 0.25, 0.5, 0.75, 0.999]) {
    const delays = SCHEDULE.map((_, i) => retryDelayMs(SCHEDULE, i + 1, random) as number)
    t.ok((delays[0] as number) <= 10_000)
    t.ok(delays.every((d, i) => i === 0 || d >= (delays[i - 1] as number)), 'growing (for the same draw)')
    t.ok(delays.reduce((a, b) => a + b, 0) >= 24 * 3_600_000)
  }
  t.equal(JITTER, 0.1)
})

t.test('jitter spreads deliveries that failed together', async (t) => {
  const draws = Array.from({ length: 50 }, (_, i) => retryDelayMs(SCHEDULE, 3, i / 50))
  t.ok(new Set(draws).size >= 45)
})
