/**
 * The query pool on its own, with real worker threads and a real SQLite file: budgets cut queries
 * that never end, a cut worker is replaced, and close() ends the workers without leaving a query or
 * a booting thread behind.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { QueryFailed, QueryPool, QueryTimeout } from '../../src/query/pool.ts'
import { HEARTBEAT_FUNCTION } from '../../src/query/heartbeat.ts'
import type { QueryJob } from '../../src/query/jobs.ts'

// a recursive CTE without an end, with the heartbeat every generated query has: no machine finishes it
// within any budget, and only the heartbeat lets a terminated worker stop it
const ENDLESS = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE ${HEARTBEAT_FUNCTION}()) SELECT count(*) FROM c`

function numbersFile(t: Test): string {
  const file = path.join(t.testdir(), 'numbers.sqlite')
  const db = new Database(file)
  db.exec('CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3)')
  db.close()
  return file
}

/** What a promise rejected with; tap's rejects() matches fields, not classes. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

const scalar = (file: string, sql: string): QueryJob => ({ kind: 'scalar', file, sql, params: [] })

t.test('a query runs on a worker and answers', async (t) => {
  const file = numbersFile(t)
  const pool = new QueryPool(2, 5000)
  t.same(await pool.run(scalar(file, 'SELECT sum(v) FROM n')), { value: 6 })
  const failed = await rejection(pool.run(scalar(file, 'SELECT nope FROM n')))
  t.type(failed, QueryFailed, 'an SQL error is a failed query, not a crash')
  t.match(failed, { message: 'no such column: nope' })
  t.same(await pool.run(scalar(file, 'SELECT count(*) FROM n')), { value: 3 }, 'and the worker keeps serving')
  await pool.close()
})

t.test('a query past its budget is cancelled, its worker replaced, and other queries keep answering', async (t) => {
  const file = numbersFile(t)
  const pool = new QueryPool(2, 200)
  await pool.ready()
  const endless = rejection(pool.run(scalar(file, ENDLESS)))
  t.same(await pool.run(scalar(file, 'SELECT max(v) FROM n')), { value: 3 }, 'the other worker answers meanwhile')
  const cut = await endless
  t.type(cut, QueryTimeout)
  t.match(cut, { message: 'the query did not finish within its 200 ms budget' })
  const afterwards = await Promise.all([1, 2, 3, 4].map(() => pool.run(scalar(file, 'SELECT min(v) FROM n'))))
  t.same(afterwards, [{ value: 1 }, { value: 1 }, { value: 1 }, { value: 1 }], 'the replaced worker serves again')
  await pool.close()
})

t.test('close ends idle workers by themselves, after they have started, and refuses later queries', async (t) => {
  const file = numbersFile(t)
  const used = new QueryPool(2, 5000)
  await used.run(scalar(file, 'SELECT 1 FROM n LIMIT 1'))
  t.same(await used.close(), [0, 0], 'idle workers close their connections and end with code 0')
  await t.rejects(used.run(scalar(file, 'SELECT 1')), { message: 'the query pool is closed' })

  const booting = new QueryPool(2, 5000)
  t.same(await booting.close(), [0, 0], 'workers closed while booting finish booting, then end by themselves')
})

t.test('close stops a running query at once, whatever its budget, and rejects queued ones', async (t) => {
  const file = numbersFile(t)
  const pool = new QueryPool(1, 60_000)
  await pool.ready()
  const running = rejection(pool.run(scalar(file, ENDLESS)))
  const queued = rejection(pool.run(scalar(file, 'SELECT 1')))
  await new Promise((resolve) => setTimeout(resolve, 100))
  const started = performance.now()
  t.same(await pool.close(), [1], 'the busy worker is terminated')
  t.ok(performance.now() - started < 5000, 'close does not wait for the budget')
  t.match(await running, { message: 'the query pool is closed' })
  t.match(await queued, { message: 'the query pool is closed' })
})
