import crypto from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { isProcessAlive } from '../../src/store/sqlite/process-alive.ts'

/**
 * A fresh PostgreSQL database for one test file: created on the server GONGKAI_TEST_PG_URL names (the
 * machine's own by default), with pg_trgm, and dropped in teardown with every connection left to it.
 */
export const TEST_PG_URL = process.env.GONGKAI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export const START_HINT = 'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or point GONGKAI_TEST_PG_URL at another server'

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${new URL(TEST_PG_URL).host} (${(error as Error).message}); ${START_HINT}`)
  }
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * Drops test databases a killed test process left (its teardown never ran): on this machine's server only,
 * where the pid in the name is a process of this machine.
 */
async function dropAbandoned(client: pg.Client): Promise<void> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(TEST_PG_URL).hostname)) return
  const found = await client.query<{ name: string }>("SELECT datname AS name FROM pg_database WHERE datname LIKE 'gongkai\\_test\\_%'")
  for (const { name } of found.rows) {
    const pid = Number(name.split('_')[2])
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

/** Creates the database and returns its URL; the test's teardown drops it. */
export async function freshDatabase(t: Test): Promise<string> {
  const name = `gongkai_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  await admin(async (client) => {
    await dropAbandoned(client)
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`)
  })
  const url = withDatabase(TEST_PG_URL, name)
  const setup = new pg.Client({ connectionString: url })
  await setup.connect()
  await setup.query('CREATE EXTENSION IF NOT EXISTS pg_trgm')
  await setup.end()
  t.teardown(() => admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }))
  return url
}

/** The stores under test: the embedded one and the PostgreSQL one, each opened fresh for one test. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const
export type StoreKind = (typeof STORE_KINDS)[number]
