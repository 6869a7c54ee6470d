import t from 'tap'
import { loadConfig } from '../../src/config/env.ts'
import { ConfigError } from '../../src/config/load.ts'
import { parseAllowPrivate, parseRetrySchedule } from '../../src/config/webhooks.ts'

const S = 1000
const M = 60 * S
const H = 60 * M

t.test('the default retry schedule: first retry within 10 s, growing, over at least 24 h', async (t) => {
  const schedule = parseRetrySchedule(undefined)
  t.same(schedule, [5 * S, M, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H])
  t.ok((schedule[0] as number) <= 10 * S)
  t.ok(schedule.every((d, i) => i === 0 || d >= (schedule[i - 1] as number)))
  t.ok(schedule.reduce((a, b) => a + b, 0) * 0.9 >= 24 * H, 'at least 24 h even with every delay jittered down')
  t.same(parseRetrySchedule(''), schedule)
})

const ACCEPTED: Array<[string, number[]]> = [
  ['1s', [S]],
  ['1s, 1s,2s', [S, S, 2 * S]],
  ['10s,15m,24h', [10 * S, 15 * M, 24 * H]],
  ['90s,2m', [90 * S, 2 * M]],
]

const REJECTED: Array<[string, string]> = [
  ['5x', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE must be comma-separated delays such as 5s,1m,2h (a whole number and s, m or h); delay 1 is "5x"'],
  ['5s,,1m', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE must be comma-separated delays such as 5s,1m,2h (a whole number and s, m or h); delay 2 is ""'],
  ['5s,1.5m', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE must be comma-separated delays such as 5s,1m,2h (a whole number and s, m or h); delay 2 is "1.5m"'],
  ['-5s', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE must be comma-separated delays such as 5s,1m,2h (a whole number and s, m or h); delay 1 is "-5s"'],
  ['0s', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE: delay 1 (0s) must be from 1s to 24h'],
  ['1s,25h', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE: delay 2 (25h) must be from 1s to 24h'],
  ['5s,5m,1m', 'GONGKAI_WEBHOOK_RETRY_SCHEDULE: delay 3 (1m) is shorter than delay 2 (5m); each retry waits at least as long as the one before'],
  [Array(21).fill('1s').join(','), 'GONGKAI_WEBHOOK_RETRY_SCHEDULE may list at most 20 delays, got 21'],
]

t.test('GONGKAI_WEBHOOK_RETRY_SCHEDULE: delays in s, m or h, never decreasing; a bad one named precisely', async (t) => {
  for (const [raw, expected] of ACCEPTED) t.same(parseRetrySchedule(raw), expected, raw)
  for (const [raw, message] of REJECTED) t.throws(() => parseRetrySchedule(raw), { constructor: ConfigError, message }, raw.slice(0, 20))
})

t.test('GONGKAI_WEBHOOK_ALLOW_PRIVATE: true or false only', async (t) => {
  t.equal(parseAllowPrivate(undefined), false)
  t.equal(parseAllowPrivate(''), false)
  t.equal(parseAllowPrivate('false'), false)
  t.equal(parseAllowPrivate('true'), true)
  for (const raw of ['1', 'yes', 'TRUE', ' true']) {
    t.throws(() => parseAllowPrivate(raw), { constructor: ConfigError, message: `GONGKAI_WEBHOOK_ALLOW_PRIVATE must be true or false, got "${raw}"` })
  }
})

t.test('loadConfig reads the webhook settings with the rest', async (t) => {
  t.same(loadConfig({}, '/srv').webhooks, { retryScheduleMs: parseRetrySchedule(undefined), timeoutMs: 10_000, allowPrivate: false })
  t.same(loadConfig({ GONGKAI_WEBHOOK_RETRY_SCHEDULE: '1s,2s', GONGKAI_WEBHOOK_TIMEOUT_MS: '2500', GONGKAI_WEBHOOK_ALLOW_PRIVATE: 'true' }, '/srv').webhooks,
    { retryScheduleMs: [S, 2 * S], timeoutMs: 2500, allowPrivate: true })
  t.throws(() => loadConfig({ GONGKAI_WEBHOOK_TIMEOUT_MS: '100' }, '/srv'), { constructor: ConfigError, message: 'GONGKAI_WEBHOOK_TIMEOUT_MS must be a whole number from 1000 to 60000, got 100' })
  t.throws(() => loadConfig({ GONGKAI_WEBHOOK_RETRY_SCHEDULE: 'soon' }, '/srv'), { constructor: ConfigError, message: /GONGKAI_WEBHOOK_RETRY_SCHEDULE/ })
})
