import type { Tier, TierTable } from '../config/tiers.ts'

/**
 * The limits of SPEC §6.3 applied to one request: whom to count (key id or client IP), which windows
 * (requests per minute, downloads per hour, failed authentications per minute) and the outcome, which
 * the HTTP layer turns into headers or a 429. The counting itself is @fastify/rate-limit's, in this
 * process or in Redis (server/plugins/rate-limit-store.ts); this file decides what is counted.
 */
export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000

export type PolicyName = 'minute' | 'download' | 'auth'

/** One named quota and where the subject stands in it. */
export interface PolicyState {
  name: PolicyName
  quota: number
  windowSeconds: number
  remaining: number
  /** Seconds until the window resets (rounded up). */
  resetIn: number
}

export interface LimitOutcome {
  /** Empty when the counters could not be reached and nothing was counted (see RateLimits). */
  policies: PolicyState[]
  /** Set when the request is over a limit: seconds to wait. */
  retryAfter?: number
  exceeded?: PolicyName
}

export interface Subject {
  keyId?: string
  ip: string
  tier: Tier
}

/** Where a subject stands in one fixed window, which starts with its first hit. */
export interface WindowReading {
  /** Hits left before the quota is used up (0 once it is, or beyond). */
  remaining: number
  /** More hits than the quota, this one included. */
  exceeded: boolean
  /** Until the window ends; 0 when none is running. */
  ttlMs: number
}

/**
 * Counts hits per key in windows of `windowMs`: with `increment` false it reads without counting.
 * Rejects when the counters cannot be reached.
 */
export type RateCounter = (key: string, quota: number, windowMs: number, increment: boolean) => Promise<WindowReading>

/** A request that presents a key: its client address and, when the key is well-formed, the key id it names. */
export interface AuthAttempt {
  ip: string
  keyId?: string
}

function state(name: PolicyName, quota: number, windowMs: number, window: WindowReading): PolicyState {
  const windowSeconds = windowMs / 1000
  return { name, quota, windowSeconds, remaining: window.remaining, resetIn: window.ttlMs > 0 ? Math.ceil(window.ttlMs / 1000) : windowSeconds }
}

/** Whom a request counts against: its key, wherever it comes from, or else its client address. */
export function callerSubject(keyId: string | undefined, ip: string): string {
  return keyId ? `key:${keyId}` : `ip:${ip}`
}

/**
 * When the counters cannot be reached (Redis down), requests are served uncounted, with no RateLimit
 * headers since nothing was counted, and `onUnavailable` hears of it: fail open. The limits are for
 * fairness and overload; who may read what is decided by keys, grades and grants, which do not depend
 * on the counters, and the query pool still bounds what one caller runs at once. Failing closed would
 * turn a Redis outage into an outage of every server.
 */
export class RateLimits {
  constructor(
    readonly table: TierTable,
    private readonly counter: RateCounter,
    private readonly onUnavailable: (error: Error) => void = () => undefined,
  ) {}

  private async failOpen<T>(check: () => Promise<T>, uncounted: T): Promise<T> {
    try {
      return await check()
    } catch (error) {
      this.onUnavailable(error as Error)
      return uncounted
    }
  }

  /** Counts a request (and a download when it is one) and says whether it may proceed. */
  consume(subject: Subject, isDownload: boolean): Promise<LimitOutcome> {
    return this.failOpen(async () => {
      const limits = this.table.tiers[subject.tier]
      const key = callerSubject(subject.keyId, subject.ip)
      const minute = await this.counter(`minute:${key}`, limits.requestsPerMinute, MINUTE_MS, true)
      const policies = [state('minute', limits.requestsPerMinute, MINUTE_MS, minute)]
      // a download refused by the minute limit is not counted as one
      const download = isDownload ? await this.counter(`download:${key}`, limits.downloadsPerHour, HOUR_MS, !minute.exceeded) : undefined
      if (download) policies.push(state('download', limits.downloadsPerHour, HOUR_MS, download))
      const over = minute.exceeded ? policies[0] : download?.exceeded ? policies[1] : undefined
      return over ? { policies, exceeded: over.name, retryAfter: over.resetIn } : { policies }
    }, { policies: [] })
  }

  /** Where a subject stands without counting anything (for GET /me); rejects when the counters cannot be reached. */
  async standing(subject: Subject): Promise<{ minute: PolicyState; download: PolicyState }> {
    const limits = this.table.tiers[subject.tier]
    const key = callerSubject(subject.keyId, subject.ip)
    const [minute, download] = await Promise.all([
      this.counter(`minute:${key}`, limits.requestsPerMinute, MINUTE_MS, false),
      this.counter(`download:${key}`, limits.downloadsPerHour, HOUR_MS, false),
    ])
    return {
      minute: state('minute', limits.requestsPerMinute, MINUTE_MS, minute),
      download: state('download', limits.downloadsPerHour, HOUR_MS, download),
    }
  }

  private failedAuth(name: 'address' | 'key', subject: string, increment: boolean): Promise<WindowReading> {
    return this.counter(`auth-${name}:${subject}`, this.table.failedAuthPerMinute, MINUTE_MS, increment)
  }

  /**
   * Whether to refuse a presented key without looking it up: only when its address is over the
   * failed-authentication limit and so is the key id it names (or it names none, being malformed).
   * A valid key from an address that others used for guessing is still checked, and served: offices
   * and mobile networks put many people behind one address. Guessing one key's secret from there gets
   * the key id's own limit; guessing others' keys is hopeless anyway with 256-bit secrets (keys.ts),
   * and each failure past the address's limit is answered 429.
   */
  authBlocked(attempt: AuthAttempt): Promise<LimitOutcome | undefined> {
    return this.failOpen(async () => {
      const quota = this.table.failedAuthPerMinute
      const address = await this.failedAuth('address', attempt.ip, false)
      if (address.remaining > 0) return undefined
      const key = attempt.keyId === undefined ? undefined : await this.failedAuth('key', attempt.keyId, false)
      if (key && key.remaining > 0) return undefined
      const auth = state('auth', quota, MINUTE_MS, address)
      // lookups resume when either window ends
      const retryAfter = key ? Math.min(auth.resetIn, state('auth', quota, MINUTE_MS, key).resetIn) : auth.resetIn
      return { policies: [auth], exceeded: 'auth' as const, retryAfter }
    }, undefined)
  }

  /** Counts a failed authentication against the address and the key id; over either limit, the answer is a 429. */
  recordAuthFailure(attempt: AuthAttempt): Promise<LimitOutcome> {
    return this.failOpen(async () => {
      const quota = this.table.failedAuthPerMinute
      const [address, key] = await Promise.all([
        this.failedAuth('address', attempt.ip, true),
        attempt.keyId === undefined ? undefined : this.failedAuth('key', attempt.keyId, true),
      ])
      const auth = state('auth', quota, MINUTE_MS, address)
      const over = [address, key].filter((w) => w?.exceeded).map((w) => state('auth', quota, MINUTE_MS, w as WindowReading).resetIn)
      return over.length ? { policies: [auth], exceeded: 'auth' as const, retryAfter: Math.max(...over) } : { policies: [auth] }
    }, { policies: [] })
  }
}
