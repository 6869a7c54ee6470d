import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { ConfigError } from '../../config/load.ts'
import { migrateDatabase } from './migrate.ts'

export const POSTGRES_START_HINT = 'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`'

/** Failures that mean the configured server cannot be used at all (not a failed query): network, unknown database, refused login. */
const UNUSABLE_SERVER = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '3D000', '28000', '28P01'])

/**
 * The one line an operator needs when GONGKAI_DATABASE_URL cannot be used: the host, port and database
 * (never the URL, which may carry a password) and how to start the machine's server; other errors pass.
 */
export function unusableServer(url: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string' || !UNUSABLE_SERVER.has(code)) return error
  const { hostname, port, pathname } = new URL(url)
  const reason = (error as Error).message || code
  return new ConfigError(`GONGKAI_DATABASE_URL: PostgreSQL cannot be used at ${hostname}:${port || 5432}${pathname} (${reason}); ${POSTGRES_START_HINT}, or unset GONGKAI_DATABASE_URL for the embedded store`)
}

/**
 * One node-postgres pool per store, with 64-bit integers and numerics read as JavaScript numbers
 * (counts and bigint columns would otherwise come back as strings): a row count or a cell value is
 * a number in both stores. Values past 2^53 lose precision, as they do in SQLite's driver.
 */
const INT8 = 20
const NUMERIC = 1700

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format ?? 'text')
  }) as pg.CustomTypesConfig['getTypeParser'],
}

/** The handle drizzle gives a transaction's callback. */
export type Transaction = Parameters<Parameters<NodePgDatabase['transaction']>[0]>[0]

export interface Connection {
  readonly pool: pg.Pool
  readonly db: NodePgDatabase
  /** Settles when the schema is up to date; every store method awaits it first. */
  readonly ready: Promise<void>
}

/**
 * Opens a pool on `url` and starts bringing the schema up to date (migrate.ts: once per database,
 * whoever gets there first). Synchronous, like opening the embedded store: the first call that needs
 * the database waits for `ready`, and a failure (the server unreachable, say) surfaces there.
 */
export function connect(url: string, options: { max?: number } = {}): Connection {
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10, application_name: 'gongkai' })
  // an idle client whose server went away emits here; without a listener the process would end
  pool.on('error', () => undefined)
  const ready = migrateDatabase(pool).catch((error: unknown) => {
    throw unusableServer(url, error)
  })
  // a rejection nobody awaited yet (a store opened and closed unused) must not end the process
  ready.catch(() => undefined)
  return { pool, db: drizzle({ client: pool }), ready }
}

/**
 * A connection held for longer than one query (a build, a trial, the ingest lock). node-postgres emits
 * an error on a checked-out client whose server ends the session (a restart, an administrator), and
 * an unheard error ends the process: here it is heard, the next query on the client fails instead, and
 * the client is discarded rather than returned to the pool when released.
 */
export async function holdConnection(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect()
  let broken: Error | undefined
  const heard = (error: Error): void => {
    broken = error
  }
  client.on('error', heard)
  const release = client.release.bind(client)
  client.release = (error?: Error | boolean) => {
    client.off('error', heard)
    return release(error ?? broken)
  }
  return client
}
