import path from 'node:path'
import Database from 'better-sqlite3'
import { createPrivateFile, makePrivateDir, tightenMode } from '../private-files.ts'
import { applyHandWrittenSteps } from './hand-written-migrations.ts'
import { MIGRATIONS } from './migrations/embedded.ts'

export const METADATA_FILE = 'gongkai.sqlite'

/**
 * The metadata schema is described once, by the drizzle tables (tables.ts); `npm run db:generate` derives
 * the migrations in ./migrations and embeds them in ./migrations/embedded.ts, which is what runs here (the
 * compiled build carries no .sql files). Applied migrations are recorded as drizzle's migrator records them,
 * in its table, so the two agree about any database.
 */
const APPLIED = '__drizzle_migrations'
type Migration = (typeof MIGRATIONS)[number]

/** The last drizzle migration whose schema the hand-written steps had built (see hand-written-migrations.ts). */
const HAND_WRITTEN_EQUIVALENT = '0001_search_index'

/**
 * The server and the CLI may open a data directory at the same moment, fresh or after an upgrade, so the
 * pending migrations are re-read under the write lock (BEGIN IMMEDIATE) and applied by whichever process gets
 * there first; drizzle's own migrator reads them before taking any lock and would apply them twice. The
 * connection needs a busy timeout.
 */
export function migrate(db: Database.Database): void {
  if (pendingMigrations(db).length === 0) return
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${APPLIED} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`)
    adoptHandWrittenSchema(db)
    for (const migration of pendingMigrations(db)) {
      for (const statement of migration.sql) db.prepare(statement).run()
      record(db, migration)
    }
  }).immediate()
}

function pendingMigrations(db: Database.Database): readonly Migration[] {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(APPLIED)
  const last = table && (db.prepare(`SELECT max(created_at) FROM ${APPLIED}`).pluck().get() as number | null)
  return last ? MIGRATIONS.filter((migration) => migration.folderMillis > Number(last)) : MIGRATIONS
}

function record(db: Database.Database, migration: Migration): void {
  db.prepare(`INSERT INTO ${APPLIED} (hash, created_at) VALUES (?, ?)`).run(migration.hash, migration.folderMillis)
}

/** A database made by the hand-written migrations is brought to their last step and counted as at its equivalent. */
function adoptHandWrittenSchema(db: Database.Database): void {
  const madeByHand = (db.pragma('user_version', { simple: true }) as number) > 0
  if (!madeByHand || db.prepare(`SELECT count(*) FROM ${APPLIED}`).pluck().get() !== 0) return
  applyHandWrittenSteps(db)
  const equivalent = MIGRATIONS.findIndex((migration) => migration.tag === HAND_WRITTEN_EQUIVALENT)
  for (const migration of MIGRATIONS.slice(0, equivalent + 1)) record(db, migration)
}

/** The metadata database of a data directory (created if need be), in WAL mode and migrated: one per store. */
export function openMetadataDatabase(dataDir: string): Database.Database {
  makePrivateDir(dataDir)
  tightenMode(dataDir)
  const file = path.join(dataDir, METADATA_FILE)
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) tightenMode(existing)
  createPrivateFile(file)
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  enableWal(db)
  db.pragma('synchronous = NORMAL')
  migrate(db)
  return db
}

/**
 * Switching a fresh file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once rather
 * than wait in the busy handler when another process holds one (seen with six processes opening a
 * fresh data directory together); so wait here, briefly and boundedly.
 */
function enableWal(db: Database.Database, waitMs = 5000): void {
  const deadline = Date.now() + waitMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL')
      return
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      Atomics.wait(pause, 0, 0, 10)
    }
  }
}
