import type { Tier, TierTable } from '../config/tiers.ts'
import { MemoryWindowCounter, type RateCounter, type WindowState } from './window-counter.ts'

/**
 * The limits of SPEC §6.3 applied to one request: whom to count (key id or client IP), which windows
 * (requests per minute, downloads per hour, failed authentications per minute) and the outcome, which
 * the HTTP layer turns into headers or a 429. Pure apart from the counters.
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

export interface RateCounters {
  minute: RateCounter
  download: RateCounter
  /** Failed authentications per client IP. */
  auth: RateCounter
  /** Failed authentications per presented key id, wherever they come from. */
  authKey: RateCounter
}

export function memoryCounters(): RateCounters {
  return {
    minute: new MemoryWindowCounter(MINUTE_MS),
    download: new MemoryWindowCounter(HOUR_MS),
    auth: new MemoryWindowCounter(MINUTE_MS),
    authKey: new MemoryWindowCounter(MINUTE_MS),
  }
}

/** A request that presents a key: its client address and, when the key is well-formed, the key id it names. */
export interface AuthAttempt {
  ip: string
  keyId?: string
}

function state(name: PolicyName, quota: number, windowMs: number, window: WindowState | undefined, now: number): PolicyState {
  return {
    name,
    quota,
    windowSeconds: windowMs / 1000,
    remaining: Math.max(0, quota - (window?.count ?? 0)),
    resetIn: window ? Math.max(0, Math.ceil((window.resetAt - now) / 1000)) : windowMs / 1000,
  }
}

/** Whom a request counts against: its key, wherever it comes from, or else its client address. */
export function callerSubject(keyId: string | undefined, ip: string): string {
  return keyId ? `key:${keyId}` : `ip:${ip}`
}

export class RateLimits {
  constructor(readonly table: TierTable, private readonly counters: RateCounters = memoryCounters()) {}

  private subjectKey(subject: Subject): string {
    return callerSubject(subject.keyId, subject.ip)
  }

  /** Counts a request (and a download when it is one) and says whether it may proceed. */
  async consume(subject: Subject, isDownload: boolean, now: number = Date.now()): Promise<LimitOutcome> {
    const limits = this.table.tiers[subject.tier]
    const key = this.subjectKey(subject)
    const minute = await this.counters.minute.hit(key, now)
    const policies = [state('minute', limits.requestsPerMinute, MINUTE_MS, minute, now)]
    if (minute.count > limits.requestsPerMinute) {
      const download = isDownload ? await this.counters.download.peek(key, now) : undefined
      if (isDownload) policies.push(state('download', limits.downloadsPerHour, HOUR_MS, download, now))
      return { policies, exceeded: 'minute', retryAfter: policies[0]?.resetIn ?? 60 }
    }
    if (!isDownload) return { policies }
    const download = await this.counters.download.hit(key, now)
    const downloads = state('download', limits.downloadsPerHour, HOUR_MS, download, now)
    policies.push(downloads)
    return download.count > limits.downloadsPerHour ? { policies, exceeded: 'download', retryAfter: downloads.resetIn } : { policies }
  }

  /** Where a subject stands without counting anything (for GET /me). */
  async standing(subject: Subject, now: number = Date.now()): Promise<{ minute: PolicyState; download: PolicyState }> {
    const limits = this.table.tiers[subject.tier]
    const key = this.subjectKey(subject)
    return {
      minute: state('minute', limits.requestsPerMinute, MINUTE_MS, await this.counters.minute.peek(key, now), now),
      download: state('download', limits.downloadsPerHour, HOUR_MS, await this.counters.download.peek(key, now), now),
    }
  }

  /**
   * Whether to refuse a presented key without looking it up: only when its address is over the
   * failed-authentication limit and so is the key id it names (or it names none, being malformed).
   * A valid key from an address that others used for guessing is still checked, and served: offices
   * and mobile networks put many people behind one address. Guessing one key's secret from there gets
   * the key id's own limit; guessing others' keys is hopeless anyway with 256-bit secrets (keys.ts),
   * and each failure past the address's limit is answered 429.
   */
  async authBlocked(attempt: AuthAttempt, now: number = Date.now()): Promise<LimitOutcome | undefined> {
    const quota = this.table.failedAuthPerMinute
    const address = await this.counters.auth.peek(attempt.ip, now)
    if (!address || address.count < quota) return undefined
    const key = attempt.keyId === undefined ? undefined : await this.counters.authKey.peek(attempt.keyId, now)
    if (attempt.keyId !== undefined && (!key || key.count < quota)) return undefined
    const auth = state('auth', quota, MINUTE_MS, address, now)
    // lookups resume when either window ends
    const retryAfter = key ? Math.min(auth.resetIn, state('auth', quota, MINUTE_MS, key, now).resetIn) : auth.resetIn
    return { policies: [auth], exceeded: 'auth', retryAfter }
  }

  /** Counts a failed authentication against the address and the key id; over either limit, the answer is a 429. */
  async recordAuthFailure(attempt: AuthAttempt, now: number = Date.now()): Promise<LimitOutcome> {
    const quota = this.table.failedAuthPerMinute
    const address = await this.counters.auth.hit(attempt.ip, now)
    const key = attempt.keyId === undefined ? undefined : await this.counters.authKey.hit(attempt.keyId, now)
    const auth = state('auth', quota, MINUTE_MS, address, now)
    const over = [address, key].filter((w) => w !== undefined && w.count > quota).map((w) => state('auth', quota, MINUTE_MS, w, now).resetIn)
    return over.length ? { policies: [auth], exceeded: 'auth', retryAfter: Math.max(...over) } : { policies: [auth] }
  }
}
