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

/** Starts a process that loads the stores, says it is ready, and opens the data directory when told to. */
function opener(dataDir: string): { ready: Promise<void>; go: () => void; done: Promise<{ code: number | null; stderr: string }> } {
  // every process waits for the same signal, so the openings really overlap however long each took to start
  const code = `
    const { SqliteDatasetStore } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/store.ts'))})
    const { SqliteAccessStore } = await import(${JSON.stringify(path.join(ROOT, 'src/store/sqlite/access-store.ts'))})
    process.stdout.write('ready\\n')
    await new Promise((resolve) => process.stdin.once('data', resolve))
    const stores = [new SqliteDatasetStore(${JSON.stringify(dataDir)}), new SqliteAccessStore(${JSON.stringify(dataDir)})]
    for (const store of stores) await store.close()
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

t.test('processes opening a fresh data directory at once all succeed and migrate it exactly once', async (t) => {
  const dataDir = path.join(t.testdir(), 'data')
  const openers = Array.from({ length: PROCESSES }, () => opener(dataDir))
  await Promise.all(openers.map((o) => o.ready))
  for (const o of openers) o.go()
  const results = await Promise.all(openers.map((o) => o.done))
  for (const { code, stderr } of results) t.equal(code, 0, stderr)
  const db = new Database(path.join(dataDir, 'gongkai.sqlite'), { readonly: true })
  t.equal(db.pragma('user_version', { simple: true }), 4)
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  db.close()
})
