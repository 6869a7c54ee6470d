/**
 * The server and the CLI may open a fresh data directory at the same moment (npm start while a
 * steward runs gongkai keys create): each migration step is applied once, whoever gets there first.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'

const ROOT = path.resolve(import.meta.dirname, '../..')
const PROCESSES = 8

function openAt(startAt: number, dataDir: string): Promise<{ code: number | null; stderr: string }> {
  // every process waits for the same instant, so the openings really overlap
  const code = `
    const { SqliteDatasetStore } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/store.ts'))})
    const { SqliteAccessStore } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/access-store.ts'))})
    while (Date.now() < ${startAt}) {}
    const stores = [new SqliteDatasetStore(${JSON.stringify(dataDir)}), new SqliteAccessStore(${JSON.stringify(dataDir)})]
    for (const store of stores) await store.close()`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.once('exit', (exitCode) => resolve({ code: exitCode, stderr })))
}

t.test('processes opening a fresh data directory at once all succeed and migrate it exactly once', async (t) => {
  const dataDir = path.join(t.testdir(), 'data')
  const startAt = Date.now() + 4000
  const results = await Promise.all(Array.from({ length: PROCESSES }, () => openAt(startAt, dataDir)))
  for (const { code, stderr } of results) t.equal(code, 0, stderr)
  const db = new Database(path.join(dataDir, 'gongkai.sqlite'), { readonly: true })
  t.equal(db.pragma('user_version', { simple: true }), 4)
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  db.close()
})
