/**
 * The metadata schema has one source, the drizzle tables: the migrations generated from them must agree with
 * them, the embedded copy the runtime applies with the generated files, the records with drizzle's own migrator,
 * and a data directory made by the hand-written migrations that came before must keep working.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator'
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api'
import t, { type Test } from 'tap'
import { embeddedMigrationsModule, EMBEDDED_FILE } from '../../scripts/embed-migrations.ts'
import { migrate, openMetadataDatabase } from '../../src/store/sqlite/migrations.ts'
import { applyHandWrittenSteps, HAND_WRITTEN_STEPS } from '../../src/store/sqlite/hand-written-migrations.ts'
import { MIGRATIONS } from '../../src/store/sqlite/migrations/embedded.ts'
import * as tables from '../../src/store/sqlite/tables.ts'
import { schemaOf } from './schema-of.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const MIGRATIONS_FOLDER = path.join(ROOT, 'src/store/sqlite/migrations')
const PROCESSES = 8

function applied(db: Database.Database): string[] {
  return db.prepare('SELECT hash FROM __drizzle_migrations ORDER BY created_at').pluck().all() as string[]
}

t.test('tables.ts and the generated migrations describe the same schema (else: npm run db:generate)', async (t) => {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number }[] }
  const lastIdx = String(journal.entries.at(-1)?.idx).padStart(4, '0')
  const snapshot = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, `meta/${lastIdx}_snapshot.json`), 'utf8'))
  t.same(await generateSQLiteMigration(snapshot, await generateSQLiteDrizzleJson(tables)), [])
  // the comparison sees a change at all: one more table would need a migration
  const extra = sqliteTable('extra', { id: text('id') })
  t.not((await generateSQLiteMigration(snapshot, await generateSQLiteDrizzleJson({ ...tables, extra }))).length, 0)
})

t.test('the embedded migrations are the generated files (else: npm run db:generate)', async (t) => {
  t.equal(fs.readFileSync(path.join(MIGRATIONS_FOLDER, EMBEDDED_FILE), 'utf8'), embeddedMigrationsModule(MIGRATIONS_FOLDER))
})

t.test("the records agree with drizzle's own migrator both ways", async (t) => {
  const ours = new Database(':memory:')
  migrate(ours)
  t.same(applied(ours), MIGRATIONS.map((m) => m.hash))
  drizzleMigrate(drizzle(ours), { migrationsFolder: MIGRATIONS_FOLDER })
  t.same(applied(ours), MIGRATIONS.map((m) => m.hash), 'drizzle finds nothing left to apply')

  const theirs = new Database(':memory:')
  drizzleMigrate(drizzle(theirs), { migrationsFolder: MIGRATIONS_FOLDER })
  migrate(theirs)
  t.same(applied(theirs), MIGRATIONS.map((m) => m.hash), 'we find nothing left to apply')
  t.same(schemaOf(theirs), schemaOf(ours))
})

t.test('a data directory made by the hand-written migrations keeps working', async (t) => {
  const dataDir = path.join(t.testdir(), 'data')
  fs.mkdirSync(dataDir)
  const old = new Database(path.join(dataDir, 'gongkai.sqlite'))
  applyHandWrittenSteps(old)
  old.prepare(`INSERT INTO api_keys (id, name, tier, secret_sha256, created_at) VALUES ('k1', 'n', 'partner', 's', '2026-01-01')`).run()
  old.prepare(`INSERT INTO dataset_search (id, body) VALUES ('d1', '北京市公交线路')`).run()
  old.close()

  const db = openMetadataDatabase(dataDir)
  t.same(applied(db), MIGRATIONS.map((m) => m.hash), 'adopted as having applied the equivalent migrations')
  t.equal(db.prepare(`SELECT tier FROM api_keys WHERE id = 'k1'`).pluck().get(), 'partner')
  t.equal(db.prepare(`SELECT id FROM dataset_search WHERE body MATCH '公交线'`).pluck().get(), 'd1')
  const fresh = new Database(':memory:')
  migrate(fresh)
  t.same(schemaOf(db), schemaOf(fresh), 'the same tables, columns, keys, checks and indexes as a fresh database')
  db.close()
  t.same(applied(openMetadataDatabase(dataDir)), MIGRATIONS.map((m) => m.hash), 'opening it again changes nothing')
})

for (let step = 1; step < HAND_WRITTEN_STEPS; step++) {
  t.test(`a database at hand-written step ${step} is brought to the last and adopted`, async (t) => {
    const db = new Database(':memory:')
    applyHandWrittenSteps(db, step)
    migrate(db)
    t.same(applied(db), MIGRATIONS.map((m) => m.hash))
    const fresh = new Database(':memory:')
    migrate(fresh)
    t.same(schemaOf(db), schemaOf(fresh))
  })
}

/** Code a child process runs: `load` first, then `open` once told to go. */
type Opening = { load: string; open: string }

/** Starts a process that loads, says it is ready, and opens when told to. */
function opener({ load, open }: Opening): { ready: Promise<void>; go: () => void; done: Promise<{ code: number | null; stderr: string }> } {
  // every process waits for the same signal, so the openings really overlap however long each took to start
  const code = `${load}
    process.stdout.write('ready\\n')
    await new Promise((resolve) => process.stdin.once('data', resolve))
    ${open}
    process.stdin.destroy()`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // telling a child that already failed to go is moot: its exit code and stderr are the report
  child.stdin.on('error', () => undefined)
  return {
    // a child that fails before it is ready resolves too: its exit code and stderr say why
    ready: new Promise((resolve) => {
      child.stdout.once('data', () => resolve())
      child.once('exit', () => resolve())
    }),
    go: () => child.stdin.write('go\n'),
    done: new Promise((resolve) => child.once('exit', (exitCode) => resolve({ code: exitCode, stderr }))),
  }
}

async function openAtOnce(t: Test, opening: Opening): Promise<void> {
  const openers = Array.from({ length: PROCESSES }, () => opener(opening))
  await Promise.all(openers.map((o) => o.ready))
  for (const o of openers) o.go()
  for (const { code, stderr } of await Promise.all(openers.map((o) => o.done))) t.equal(code, 0, stderr)
}

t.test('processes opening a fresh data directory at once all succeed and migrate it exactly once', async (t) => {
  const dataDir = path.join(t.testdir(), 'data')
  await openAtOnce(t, {
    load: `const { SqliteDatasetStore } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/store.ts'))})
    const { SqliteAccessStore } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/access-store.ts'))})`,
    open: `const stores = [new SqliteDatasetStore(${JSON.stringify(dataDir)}), new SqliteAccessStore(${JSON.stringify(dataDir)})]
    for (const store of stores) await store.close()`,
  })
  const db = new Database(path.join(dataDir, 'gongkai.sqlite'), { readonly: true })
  t.same(applied(db), MIGRATIONS.map((m) => m.hash))
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  db.close()
})

// drizzle's migrator decides what is pending before it takes the write lock: here two of eight processes
// applied the last migration again and failed in two of five tries
t.test('processes upgrading a database at once all succeed and apply the new migration exactly once', async (t) => {
  const dir = t.testdir()
  const firstOnly = path.join(dir, 'first-migration-only')
  fs.cpSync(MIGRATIONS_FOLDER, firstOnly, { recursive: true })
  const journal = JSON.parse(fs.readFileSync(path.join(firstOnly, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
  fs.writeFileSync(path.join(firstOnly, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }))
  const file = path.join(dir, 'gongkai.sqlite')
  const before = new Database(file)
  before.pragma('journal_mode = WAL')
  drizzleMigrate(drizzle(before), { migrationsFolder: firstOnly })
  before.close()
  await openAtOnce(t, {
    load: `const { migrate } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/migrations.ts'))})
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(${JSON.stringify(file)})
    db.pragma('busy_timeout = 5000')`,
    open: 'migrate(db); db.close()',
  })
  const db = new Database(file, { readonly: true })
  t.same(applied(db), MIGRATIONS.map((m) => m.hash))
  db.close()
})
