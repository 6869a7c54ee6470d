import os from 'node:os'
import path from 'node:path'

/**
 * Runtime configuration from environment variables, validated once at start so that a typo in a
 * deployment fails loudly instead of silently falling back to a default.
 */
export interface AppConfig {
  host: string
  port: number
  catalogDir: string
  datasetsDir: string
  dataDir: string
  keepVersions: number
  /** Worker threads that run queries, and the time budget of one query. */
  queryWorkers: number
  queryBudgetMs: number
  logLevel: string
  /** GONGKAI_PSEUDONYM_KEY when set; otherwise a key file in dataDir is used (see desensitise/pseudonym-key.ts). */
  pseudonymKey?: string
}

export class ConfigError extends Error {}

function integerVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${value}`)
  return value
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const logLevel = env.LOG_LEVEL || 'info'
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  return {
    host: env.HOST || '127.0.0.1',
    port: integerVar(env, 'PORT', 3000, 0, 65535),
    catalogDir: path.resolve(cwd, env.GONGKAI_CATALOG_DIR || 'catalog'),
    datasetsDir: path.resolve(cwd, env.GONGKAI_DATASETS_DIR || 'datasets'),
    dataDir: path.resolve(cwd, env.GONGKAI_DATA_DIR || 'data'),
    keepVersions: integerVar(env, 'GONGKAI_KEEP_VERSIONS', 3, 1, 100),
    queryWorkers: integerVar(env, 'GONGKAI_QUERY_WORKERS', Math.max(2, os.availableParallelism()), 1, 64),
    queryBudgetMs: integerVar(env, 'GONGKAI_QUERY_BUDGET_MS', 2000, 10, 600_000),
    logLevel,
    ...(env.GONGKAI_PSEUDONYM_KEY ? { pseudonymKey: env.GONGKAI_PSEUDONYM_KEY } : {}),
  }
}
