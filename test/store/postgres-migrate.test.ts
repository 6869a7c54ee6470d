/**
 * The PostgreSQL metadata schema has one source, src/store/postgres/tables.ts: the migrations drizzle-kit
 * generated from it must describe it, the runtime's embedded copy must be those files, and several
 * processes opening a fresh database at once must all end with it migrated once.
 */
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api'
import { pgTable, text } from 'drizzle-orm/pg-core'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { embeddedMigrationsModule, EMBEDDED_FILE } from '../../scripts/embed-migrations.ts'
import { runCli } from '../../src/cli/main.ts'
import { ConfigError } from '../../src/config/load.ts'
import { connect } from '../../src/store/postgres/connect.ts'
import { MIGRATIONS } from '../../src/store/postgres/migrations/embedded.ts'
import * as tables from '../../src/store/postgres/tables.ts'
import { freshDatabase, TEST_PG_URL } from '../helpers/postgres.ts'

const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../src/store/postgres/migrations')

t.test('tables.ts and the generated migrations describe the same schema (else: drizzle-kit generate --config drizzle.postgres.config.ts)', async (t) => {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number }[] }
  const lastIdx = String(journal.entries.at(-1)?.idx).padStart(4, '0')
  const snapshot = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, `meta/${lastIdx}_snapshot.json`), 'utf8'))
  t.same(await generateMigration(snapshot, generateDrizzleJson(tables)), [])
  const extra = pgTable('extra', { id: text('id') })
  t.not((await generateMigration(snapshot, generateDrizzleJson({ ...tables, extra }))).length, 0, 'the comparison sees a change at all')
})

t.test('the embedded migrations are the generated files (else: node --import tsx scripts/embed-migrations.ts src/store/postgres/migrations)', async (t) => {
  t.equal(fs.readFileSync(path.join(MIGRATIONS_FOLDER, EMBEDDED_FILE), 'utf8'), embeddedMigrationsModule(MIGRATIONS_FOLDER))
})

t.test("six servers' pools opening a fresh database at once migrate it once, and drizzle's own migrator finds nothing left to do", async (t) => {
  const url = await freshDatabase(t)
  const connections = Array.from({ length: 6 }, () => connect(url, { max: 2 }))
  const outcomes = await Promise.allSettled(connections.map((c) => c.ready))
  await Promise.all(connections.map((c) => c.pool.end()))
  t.same(outcomes.map((o) => o.status), Array(6).fill('fulfilled'))
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(() => client.end())
  const applied = await client.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at')
  t.same(applied.rows.map((r) => r.hash), MIGRATIONS.map((m) => m.hash), 'each step recorded once, in order')
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER })
  t.equal((await client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0].n, MIGRATIONS.length)
  const trgm = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
  t.equal(trgm.rowCount, 1)
})

function withPasswordAndDatabase(url: string, password: string, database: string): string {
  const changed = new URL(url)
  changed.password = password
  changed.pathname = `/${database}`
  return changed.href
}

t.test('an unusable server is a configuration error naming host, port and database and how to start it, never the password', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['postgres://postgres:s3cret@127.0.0.1:1/none', /^GONGKAI_DATABASE_URL: PostgreSQL cannot be used at 127\.0\.0\.1:1\/none \(.*ECONNREFUSED.*\); start it with `pg_ctlcluster/],
    [withPasswordAndDatabase(TEST_PG_URL, 's3cret', 'gongkai_no_such_database'), /^GONGKAI_DATABASE_URL: PostgreSQL cannot be used at .*\/gongkai_no_such_database \(database "gongkai_no_such_database" does not exist\)/],
  ]
  for (const [url, message] of cases) {
    const connection = connect(url)
    await t.rejects(connection.ready, { constructor: ConfigError, message })
    await connection.ready.catch((error: Error) => t.notMatch(error.message, /s3cret/, 'the password is not repeated'))
    await connection.pool.end()
  }
})

t.test('the CLI says so in one line and exits 2', async (t) => {
  const lines: string[] = []
  const out = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) }
  const code = await runCli(['keys', 'list'], out, { GONGKAI_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', GONGKAI_DATA_DIR: t.testdir() })
  t.equal(code, 2)
  t.match(lines.join('\n'), /^configuration error: GONGKAI_DATABASE_URL: PostgreSQL cannot be used at 127\.0\.0\.1:1\/none/)
  t.notMatch(lines.join('\n'), /\n\s+at /, 'no stack trace')
})
