import { ConfigError } from './load.ts'

/**
 * How webhooks are delivered (issue 12 §4): when failed attempts are retried, how long one may take, and
 * whether targets on private networks are allowed. Read from the environment by env.ts.
 */
export interface WebhookSettings {
  /** GONGKAI_WEBHOOK_RETRY_SCHEDULE: the delay before each retry, in ms before jitter; one attempt more than delays. */
  retryScheduleMs: readonly number[]
  /** GONGKAI_WEBHOOK_TIMEOUT_MS: one attempt, from connecting to the end of the answer's headers. */
  timeoutMs: number
  /** GONGKAI_WEBHOOK_ALLOW_PRIVATE: targets on loopback, private and link-local addresses, over plain http too. */
  allowPrivate: boolean
}

/**
 * Standard Webhooks' suggested schedule, with a first retry a minute earlier: 9 attempts over about 27.6 hours,
 * so a receiver down for a day still gets every event.
 */
export const DEFAULT_RETRY_SCHEDULE = '5s,1m,5m,30m,2h,5h,10h,10h'
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const
const MIN_DELAY_MS = 1000
const MAX_DELAY_MS = 24 * 3_600_000
const MAX_DELAYS = 20

const VARIABLE = 'GONGKAI_WEBHOOK_RETRY_SCHEDULE'

/** `5s,1m,2h` as milliseconds: each from 1 s to 24 h, none shorter than the one before (backoff never speeds up). */
export function parseRetrySchedule(raw: string | undefined): number[] {
  const text = raw === undefined || raw.trim() === '' ? DEFAULT_RETRY_SCHEDULE : raw
  const words = text.split(',').map((w) => w.trim())
  if (words.length > MAX_DELAYS) throw new ConfigError(`${VARIABLE} may list at most ${MAX_DELAYS} delays, got ${words.length}`)
  const delays: number[] = []
  for (const [i, word] of words.entries()) {
    const match = /^(\d{1,6})([smh])$/.exec(word)
    if (!match) throw new ConfigError(`${VARIABLE} must be comma-separated delays such as 5s,1m,2h (a whole number and s, m or h); delay ${i + 1} is "${word}"`)
    const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
    if (ms < MIN_DELAY_MS || ms > MAX_DELAY_MS) throw new ConfigError(`${VARIABLE}: delay ${i + 1} (${word}) must be from 1s to 24h`)
    const before = delays[i - 1]
    if (before !== undefined && ms < before) {
      throw new ConfigError(`${VARIABLE}: delay ${i + 1} (${word}) is shorter than delay ${i} (${words[i - 1]}); each retry waits at least as long as the one before`)
    }
    delays.push(ms)
  }
  return delays
}

export function parseAllowPrivate(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  throw new ConfigError(`GONGKAI_WEBHOOK_ALLOW_PRIVATE must be true or false, got "${raw}"`)
}
