import type pg from 'pg'
import { MIGRATIONS } from './migrations/embedded.ts'

/** Arbitrary, fixed: the advisory lock that lets one process at a time apply migrations. */
const MIGRATION_LOCK = 0x676b6d67 // 'gkmg'

/**
 * Applies the migrations drizzle-kit generated from tables.ts (embedded.ts, so that dist/ carries them),
 * recording them where and as drizzle's own migrator does (drizzle.__drizzle_migrations). Applied here
 * rather than by that migrator because it reads the last applied step outside its transaction: several
 * servers starting on a fresh database would each apply the first step. Here one transaction holds an
 * advisory lock from the read to the commit, and the later processes find the steps applied.
 */
export async function migrateDatabase(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE SCHEMA IF NOT EXISTS drizzle')
    await client.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)')
    const last = await client.query<{ created_at: number | null }>('SELECT max(created_at) AS created_at FROM drizzle.__drizzle_migrations')
    const applied = Number(last.rows[0]?.created_at ?? -1)
    for (const migration of MIGRATIONS) {
      if (migration.folderMillis <= applied) continue
      for (const statement of migration.sql) if (statement.trim()) await client.query(statement)
      await client.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [migration.hash, migration.folderMillis])
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
