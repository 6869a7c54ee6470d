import os from 'node:os'
import path from 'node:path'
import { Type, type TInteger } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { DEFAULT_PER_CALLER, DEFAULT_QUERY_BUDGET_MS, DEFAULT_QUEUE_LENGTH } from './query-defaults.ts'
import { DEFAULT_RECORD_LIMITS, type RecordLimits } from './record-limits.ts'
import { loadHolidays, type WorkingCalendar } from './holidays.ts'
import { ConfigError } from './load.ts'
import { loadTiers, type TierTable } from './tiers.ts'
import { DEFAULT_WEBHOOK_TIMEOUT_MS, parseAllowPrivate, parseRetrySchedule, type WebhookSettings } from './webhooks.ts'

/**
 * Runtime configuration: environment variables and the files they name, read through load.ts once at
 * start (every CLI command loads it before it runs).
 */
export interface AppConfig {
  host: string
  port: number
  catalogDir: string
  datasetsDir: string
  dataDir: string
  keepVersions: number
  /** Worker threads that run queries (one more is kept for primary-key lookups), and the time budget of one query from its arrival. */
  queryWorkers: number
  queryBudgetMs: number
  /** GONGKAI_QUERY_QUEUE: queries that may wait for a worker, per lane; past that a query is a 503 at once. */
  queryQueue: number
  /** GONGKAI_QUERY_PER_CALLER: queries one key or client IP may have running or waiting; past that a 429 at once. */
  queryPerCaller: number
  logLevel: string
  /**
   * GONGKAI_TRUST_PROXY: which reverse proxies may say who the client is (X-Forwarded-For). Anonymous
   * limits are per client IP; behind a proxy that is not trusted, every visitor shares the proxy's.
   * false (default), a number of hops, or addresses/CIDR ranges of the proxies.
   */
  trustProxy: TrustProxy
  /** GONGKAI_MAX_GRANT_DAYS: the longest a grant may run, in days from its approval (applications.ts). */
  maxGrantDays: number
  /**
   * GONGKAI_MAX_FIELD_BYTES, GONGKAI_MAX_RECORD_BYTES: the largest CSV field and record (UTF-8 bytes)
   * an ingest reads; past them the ingest fails naming the line, at once and in bounded memory.
   */
  recordLimits: RecordLimits
  /** GONGKAI_PSEUDONYM_KEY when set (at least 16 characters); otherwise a key file in dataDir is used (see desensitise/pseudonym-key.ts). */
  pseudonymKey?: string
  /**
   * GONGKAI_DATABASE_URL (postgres://…): metadata, access records and every version's rows in PostgreSQL
   * instead of the embedded SQLite files under dataDir; bulk files stay under dataDir, which every server shares.
   */
  databaseUrl?: string
  /** GONGKAI_REDIS_URL (redis://…): rate-limit counters shared by every server instead of counted in this process. */
  redisUrl?: string
  /** Tier limits: the defaults of tiers.ts with the overrides of GONGKAI_TIERS_FILE. */
  tiers: TierTable
  /** Days off for application deadlines: GONGKAI_HOLIDAYS_FILE, else the catalog's _holidays.yaml, else weekends only. */
  calendar: WorkingCalendar
  /** GONGKAI_WEBHOOK_RETRY_SCHEDULE, GONGKAI_WEBHOOK_TIMEOUT_MS, GONGKAI_WEBHOOK_ALLOW_PRIVATE (webhooks.ts). */
  webhooks: WebhookSettings
}

/** How long a grant may run when GONGKAI_MAX_GRANT_DAYS does not say: a year, then the holder re-applies. */
export const DEFAULT_MAX_GRANT_DAYS = 365

export type TrustProxy = false | number | string[]

const PROXY_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:\/\d{1,3})?$/

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === '' || raw === 'false') return false
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw)
    if (hops < 1 || hops > 10) throw new ConfigError(`GONGKAI_TRUST_PROXY as a hop count must be from 1 to 10, got ${hops}`)
    return hops
  }
  // "true" would believe any client that sends X-Forwarded-For, and let it pick its own rate-limit bucket
  if (raw === 'true') throw new ConfigError('GONGKAI_TRUST_PROXY=true would trust every client; give the proxy addresses or a hop count')
  const addresses = raw.split(',').map((a) => a.trim())
  const bad = addresses.find((a) => !PROXY_ADDRESS.test(a))
  if (bad !== undefined) throw new ConfigError(`GONGKAI_TRUST_PROXY must be false, a hop count, or comma-separated proxy addresses or CIDR ranges; "${bad}" is none of these`)
  return addresses
}

/** Past 256 MiB a record no longer fits in one JavaScript string with room to spare. */
const MAX_RECORD_LIMIT = 256 * 1024 * 1024

const WholeNumber = (minimum: number, maximum: number, fallback: number): TInteger => Type.Integer({ minimum, maximum, default: fallback })

/** The whole-number settings: their range and default, from which their messages are written too. */
const WHOLE_NUMBERS = {
  PORT: WholeNumber(0, 65535, 3000),
  GONGKAI_KEEP_VERSIONS: WholeNumber(1, 100, 3),
  GONGKAI_QUERY_WORKERS: WholeNumber(1, 64, Math.max(2, os.availableParallelism())),
  GONGKAI_QUERY_BUDGET_MS: WholeNumber(10, 600_000, DEFAULT_QUERY_BUDGET_MS),
  GONGKAI_QUERY_QUEUE: WholeNumber(1, 10_000, DEFAULT_QUEUE_LENGTH),
  GONGKAI_QUERY_PER_CALLER: WholeNumber(1, 1_000, DEFAULT_PER_CALLER),
  GONGKAI_MAX_GRANT_DAYS: WholeNumber(1, 3660, DEFAULT_MAX_GRANT_DAYS),
  GONGKAI_MAX_FIELD_BYTES: WholeNumber(1024, MAX_RECORD_LIMIT, DEFAULT_RECORD_LIMITS.maxFieldBytes),
  GONGKAI_MAX_RECORD_BYTES: WholeNumber(1024, MAX_RECORD_LIMIT, DEFAULT_RECORD_LIMITS.maxRecordBytes),
  GONGKAI_WEBHOOK_TIMEOUT_MS: WholeNumber(1000, 60_000, DEFAULT_WEBHOOK_TIMEOUT_MS),
} as const

function integerVar(env: NodeJS.ProcessEnv, name: keyof typeof WHOLE_NUMBERS, fallback: number = WHOLE_NUMBERS[name].default as number): number {
  const schema = WHOLE_NUMBERS[name]
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const expected = `${name} must be a whole number from ${schema.minimum} to ${schema.maximum}`
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${expected}, got "${raw}"`)
  const value = Number(raw)
  if (!Value.Check(schema, value)) throw new ConfigError(`${expected}, got ${value}`)
  return value
}

export function parseRecordLimits(env: NodeJS.ProcessEnv): RecordLimits {
  const maxFieldBytes = integerVar(env, 'GONGKAI_MAX_FIELD_BYTES')
  // raising the field limit alone raises the record limit with it
  const maxRecordBytes = integerVar(env, 'GONGKAI_MAX_RECORD_BYTES', Math.max(DEFAULT_RECORD_LIMITS.maxRecordBytes, maxFieldBytes))
  if (maxRecordBytes < maxFieldBytes) {
    throw new ConfigError(`GONGKAI_MAX_RECORD_BYTES (${maxRecordBytes}) must be at least GONGKAI_MAX_FIELD_BYTES (${maxFieldBytes}): a record holds its fields`)
  }
  return { maxFieldBytes, maxRecordBytes }
}

/** A connection URL of one of `schemes`; the message never repeats the value, which may carry a password. */
export function parseServiceUrl(env: NodeJS.ProcessEnv, name: string, schemes: readonly string[]): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  let scheme: string
  try {
    scheme = new URL(raw).protocol.replace(/:$/, '')
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${schemes[0]}://host:port/…; the value given is not a URL`)
  }
  if (!schemes.includes(scheme)) throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, not ${scheme}://`)
  return raw
}

/** A shorter secret could be guessed, and every pseudonym reversed by trying the values a field may hold. */
const MIN_PSEUDONYM_KEY_LENGTH = 16

/** The message never repeats the key. */
export function parsePseudonymKey(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (Array.from(raw.trim()).length < MIN_PSEUDONYM_KEY_LENGTH) {
    throw new ConfigError(`GONGKAI_PSEUDONYM_KEY is too short: it must hold at least ${MIN_PSEUDONYM_KEY_LENGTH} characters`)
  }
  return raw
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
const LogLevel = Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)))

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const logLevel = env.LOG_LEVEL || 'info'
  if (!Value.Check(LogLevel, logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  const catalogDir = path.resolve(cwd, env.GONGKAI_CATALOG_DIR || 'catalog')
  return {
    host: env.HOST || '127.0.0.1',
    port: integerVar(env, 'PORT'),
    catalogDir,
    datasetsDir: path.resolve(cwd, env.GONGKAI_DATASETS_DIR || 'datasets'),
    dataDir: path.resolve(cwd, env.GONGKAI_DATA_DIR || 'data'),
    keepVersions: integerVar(env, 'GONGKAI_KEEP_VERSIONS'),
    queryWorkers: integerVar(env, 'GONGKAI_QUERY_WORKERS'),
    queryBudgetMs: integerVar(env, 'GONGKAI_QUERY_BUDGET_MS'),
    queryQueue: integerVar(env, 'GONGKAI_QUERY_QUEUE'),
    queryPerCaller: integerVar(env, 'GONGKAI_QUERY_PER_CALLER'),
    logLevel,
    trustProxy: parseTrustProxy(env.GONGKAI_TRUST_PROXY),
    maxGrantDays: integerVar(env, 'GONGKAI_MAX_GRANT_DAYS'),
    recordLimits: parseRecordLimits(env),
    ...optional('pseudonymKey', parsePseudonymKey(env.GONGKAI_PSEUDONYM_KEY)),
    ...optional('databaseUrl', parseServiceUrl(env, 'GONGKAI_DATABASE_URL', ['postgres', 'postgresql'])),
    ...optional('redisUrl', parseServiceUrl(env, 'GONGKAI_REDIS_URL', ['redis', 'rediss'])),
    tiers: loadTiers(env, cwd),
    calendar: loadHolidays(env, catalogDir, cwd),
    webhooks: {
      retryScheduleMs: parseRetrySchedule(env.GONGKAI_WEBHOOK_RETRY_SCHEDULE),
      timeoutMs: integerVar(env, 'GONGKAI_WEBHOOK_TIMEOUT_MS'),
      allowPrivate: parseAllowPrivate(env.GONGKAI_WEBHOOK_ALLOW_PRIVATE),
    },
  }
}
