/**
 * The query pool on its own, with real worker threads, a real SQLite file and a fake clock: budgets
 * (from arrival) cut queries that never end, waiting ones are answered at their deadline without
 * running, a cancelled query frees its worker (or costs it, without a heartbeat), cheap queries are not stuck behind scans, callers are limited,
 * the line is bounded, and close() ends the workers without leaving a query or a booting thread behind.
 * A query that never ends makes every ordering here certain, however slow the machine.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { CANCEL_GRACE_MS, QueryPool, SHARED_WORKER_NICE, type PoolOptions, type RunOptions } from '../../src/store/sqlite/pool/pool.ts'
import { QueryFailed, QueryRefused, QueryTimeout } from '../../src/store/query-errors.ts'
import { HEARTBEAT_FUNCTION } from '../../src/store/sqlite/pool/heartbeat.ts'
import type { WorkerJob } from '../../src/store/sqlite/pool/messages.ts'
import type { JobResult } from '../../src/store/query-types.ts'
import { FakeClock } from '../helpers/fake-clock.ts'

// a recursive CTE without an end, with the heartbeat every generated query has: no machine finishes it
// within any budget, and only the heartbeat lets a terminated worker stop it
const ENDLESS = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE ${HEARTBEAT_FUNCTION}()) SELECT count(*) AS n FROM c`
const BUDGET = 1000

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

const query = (file: string, sql: string): WorkerJob => ({ file, job: { kind: 'table', sql, params: [], fields: [{ name: 'n', type: 'integer' }], limit: 1, format: 'json' } })
const value = (result: JobResult): unknown => (JSON.parse(result.body as string) as Array<{ n: unknown }>)[0]?.n
const by = (caller: string, lane: RunOptions['lane'] = 'expensive', spentMs = 0): RunOptions => ({ caller, lane, spentMs })

async function startedPool(t: Test, options: Partial<PoolOptions> = {}): Promise<{ pool: QueryPool; clock: FakeClock; file: string }> {
  const clock = new FakeClock()
  const pool = new QueryPool({ workers: 2, budgetMs: BUDGET, queueLength: 10, perCaller: 10, clock, ...options })
  t.teardown(() => pool.close())
  await pool.ready()
  return { pool, clock, file: numbersFile(t) }
}

t.test('a query runs on a worker and answers', async (t) => {
  const { pool, file } = await startedPool(t)
  t.equal(value(await pool.run(query(file, 'SELECT sum(v) AS n FROM n'), by('a'))), 6)
  const failed = await rejection(pool.run(query(file, 'SELECT nope FROM n'), by('a')))
  t.type(failed, QueryFailed, 'an SQL error is a failed query, not a crash')
  t.match(failed, { message: 'no such column: nope' })
  t.equal(value(await pool.run(query(file, 'SELECT count(*) AS n FROM n'), by('a'))), 3, 'and the worker keeps serving')
})

t.test('a query past its budget is cancelled at its next heartbeat, and its worker serves on; other queries answer meanwhile', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 1 })
  const endless = rejection(pool.run(query(file, ENDLESS), by('a')))
  t.equal(value(await pool.run(query(file, 'SELECT min(v) AS n FROM n'), by('b', 'cheap'))), 1, 'the cheap worker answers meanwhile')
  clock.advance(BUDGET)
  const cut = await endless
  t.type(cut, QueryTimeout)
  t.match(cut, { ran: true, message: `the query did not finish within its ${BUDGET} ms budget` })
  const afterwards = await Promise.all([1, 2, 3, 4].map(() => pool.run(query(file, 'SELECT max(v) AS n FROM n'), by('a'))))
  t.same(afterwards.map(value), [3, 3, 3, 3], 'the shared worker is free again')
  t.equal(pool.replacements, 0, 'and was not replaced: the heartbeat ended the query')
})

t.test('a query cancelled by its heartbeat can run again: its prepared statement is left usable', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 1 })
  const counting = query(file, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000 AND ${HEARTBEAT_FUNCTION}()) SELECT count(*) AS n FROM c`)
  // cancelled the moment it is sent, a second or more before it could end: its next heartbeat stops it
  const first = rejection(pool.run(counting, by('a')))
  clock.advance(BUDGET)
  t.match(await first, { ran: true })
  t.equal(value(await pool.run(counting, by('a'))), 3000000, 'the same statement, run to its end')
  t.equal(pool.replacements, 0)
})

t.test('a cancelled query that reaches no heartbeat costs its worker, which is replaced', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 1 })
  // counts to five million without a heartbeat: it ends by itself, seconds later, but cannot be cancelled
  const deaf = rejection(pool.run(query(file, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) AS n FROM c'), by('a')))
  clock.advance(BUDGET)
  t.match(await deaf, { ran: true })
  const next = pool.run(query(file, 'SELECT max(v) AS n FROM n'), by('b'))
  t.equal(pool.replacements, 0, 'it has its grace period')
  clock.advance(CANCEL_GRACE_MS)
  t.equal(pool.replacements, 1, 'then its worker is terminated')
  t.equal(value(await next), 3, 'and the waiting query runs on the new one')
})

t.test('the workers booting do not count against a budget: a query sent before they are ready runs', async (t) => {
  const clock = new FakeClock()
  const pool = new QueryPool({ workers: 1, budgetMs: BUDGET, queueLength: 10, perCaller: 10, clock })
  t.teardown(() => pool.close())
  const file = numbersFile(t)
  const early = pool.run(query(file, 'SELECT sum(v) AS n FROM n'), by('a'))
  t.equal(clock.pending, 0, 'no budget runs while the threads start')
  clock.advance(BUDGET * 10)
  t.equal(value(await early), 6)
  await pool.ready()
  const endless = rejection(pool.run(query(file, ENDLESS), by('a')))
  t.equal(clock.pending, 1, 'once booted, a budget runs from the start')
  clock.advance(BUDGET)
  t.match(await endless, { ran: true })
})

t.test('the budget counts from arrival: a query still waiting at its deadline is answered without running', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 1 })
  const running = rejection(pool.run(query(file, ENDLESS), by('a')))
  // this request spent all but 10 ms of its budget before it reached the pool (parsing, authentication, …)
  const late = rejection(pool.run(query(file, 'SELECT 1 AS n'), by('b', 'expensive', BUDGET - 10)))
  clock.advance(10)
  t.match(await late, { ran: false, message: `the server is busy: the query waited its whole ${BUDGET} ms budget for a free worker` })
  t.equal(clock.pending, 1, 'the running query still has the rest of its budget')
  t.match(await rejection(pool.run(query(file, 'SELECT 1 AS n'), by('c', 'cheap', BUDGET))), { ran: false }, 'one that arrives with its budget spent is not even queued')
  clock.advance(BUDGET)
  t.match(await running, { ran: true })
})

t.test('cheap queries have a worker of their own: scans on every shared worker and in line do not delay them', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 1 })
  const scans = [rejection(pool.run(query(file, ENDLESS), by('a'))), rejection(pool.run(query(file, ENDLESS), by('b')))]
  for (let i = 0; i < 5; i++) t.equal(value(await pool.run(query(file, 'SELECT max(v) AS n FROM n'), by('c', 'cheap'))), 3, `lookup ${i + 1}`)
  clock.advance(BUDGET)
  t.match(await Promise.all(scans), [{ ran: true }, { ran: false }], 'the scans were still running and waiting all along')
})

t.test('one caller cannot hold every shared worker, nor fill the line', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 2, perCaller: 3 })
  const mine = [1, 2, 3].map(() => rejection(pool.run(query(file, ENDLESS), by('a'))))
  const refused = await rejection(pool.run(query(file, 'SELECT 1 AS n'), by('a', 'cheap')))
  t.type(refused, QueryRefused)
  t.match(refused, { reason: 'caller-busy', message: 'too many queries at once: at most 3 per caller may be running or waiting; wait for one to finish' })
  const theirs = rejection(pool.run(query(file, ENDLESS), by('b')))
  clock.advance(BUDGET)
  t.match(await Promise.all(mine), [{ ran: true }, { ran: false }, { ran: false }], 'caller a ran on one of the two shared workers')
  t.match(await theirs, { ran: true }, 'caller b got the other one at once')
})

t.test('a full line refuses at once, lane by lane', async (t) => {
  const { pool, clock, file } = await startedPool(t, { workers: 1, queueLength: 1 })
  const held = [rejection(pool.run(query(file, ENDLESS), by('a'))), rejection(pool.run(query(file, ENDLESS), by('b')))]
  const full = await rejection(pool.run(query(file, 'SELECT 1 AS n'), by('c')))
  t.type(full, QueryRefused)
  t.match(full, { reason: 'queue-full', message: 'the server is busy: its line of queries waiting for a worker (1) is full' })
  t.equal(value(await pool.run(query(file, 'SELECT 2 AS n'), by('c', 'cheap'))), 2, 'the cheap lane has a line of its own')
  clock.advance(BUDGET)
  await Promise.all(held)
})

/** The nice value of every thread of this process (Linux /proc), lowest first. */
function threadNices(): number[] {
  return fs.readdirSync('/proc/self/task').map((tid) => {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
    // fields after the command name, which may hold spaces: state is field 3, nice field 19
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
  }).sort((a, b) => a - b)
}

t.test('shared workers run at a lower CPU priority than the event loop and the cheap worker', { skip: process.platform !== 'linux' && 'thread priorities are read from Linux /proc' }, async (t) => {
  const before = threadNices()
  const base = os.getPriority()
  await startedPool(t, { workers: 3 })
  const lowered = threadNices().filter((nice) => nice === Math.min(19, base + SHARED_WORKER_NICE)).length - before.filter((nice) => nice === Math.min(19, base + SHARED_WORKER_NICE)).length
  t.equal(lowered, 3, `three threads ${SHARED_WORKER_NICE} nice steps down; the main thread stays at ${base}`)
  t.equal(os.getPriority(), base)
})

t.test('close ends idle workers by themselves, after they have started, and refuses later queries', async (t) => {
  const file = numbersFile(t)
  const options = { workers: 1, budgetMs: BUDGET, queueLength: 10, perCaller: 10, clock: new FakeClock() }
  const used = new QueryPool(options)
  await used.run(query(file, 'SELECT 1 AS n FROM n LIMIT 1'), by('a'))
  t.same(await used.close(), [0, 0], 'idle workers (the cheap one and the shared one) close their connections and end with code 0')
  await t.rejects(used.run(query(file, 'SELECT 1 AS n'), by('a')), { message: 'the query pool is closed' })

  const booting = new QueryPool(options)
  t.same(await booting.close(), [0, 0], 'workers closed while booting finish booting, then end by themselves')
})

t.test('close stops a running query at once, whatever its budget, and rejects queued ones', async (t) => {
  const file = numbersFile(t)
  const pool = new QueryPool({ workers: 1, budgetMs: BUDGET, queueLength: 10, perCaller: 10, clock: new FakeClock() })
  await pool.ready()
  const running = rejection(pool.run(query(file, ENDLESS), by('a')))
  const queued = rejection(pool.run(query(file, 'SELECT 1 AS n'), by('b')))
  // the fake clock never reaches the budget: close must not wait for it
  t.same(await pool.close(), [0, 1], 'the idle cheap worker ends by itself, the busy one is terminated')
  t.match(await running, { message: 'the query pool is closed' })
  t.match(await queued, { message: 'the query pool is closed' })
})
