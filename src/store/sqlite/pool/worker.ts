import fs from 'node:fs'
import os from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { registerHeartbeat } from './heartbeat.ts'
import { rowsToCsv } from '../../../serialise/csv.ts'
import { rowsToJson } from '../../../serialise/json.ts'
import type { JobResult, OutputColumn, ResultFormat, SqlValue } from '../../query-types.ts'
import { SHUT_DOWN, type WorkerJob, type WorkerReply } from './messages.ts'

/**
 * A query worker: read-only connections to version files, prepared statements cached per SQL text,
 * results serialised here so the main thread only forwards bytes. A query the pool cancels (past
 * its budget) ends at its next heartbeat (heartbeat.ts); one that does not is stopped by terminating
 * the worker, the only other way to stop a running better-sqlite3 call.
 */
const connections = new Map<string, Database.Database>()
const { cancel: cancelled, nice } = workerData as { cancel: SharedArrayBuffer; nice: number }
/** Slot 0 holds the id of a job the pool has cancelled (pool.ts); the heartbeat reads it. */
const cancel = new Int32Array(cancelled)
let runningId = 0

/**
 * Lowers this thread's CPU priority (Linux: setpriority on the thread's own id changes that thread
 * only). Elsewhere, or if the system refuses, the worker runs at the process's priority.
 */
function lowerPriority(by: number): void {
  if (by <= 0) return
  try {
    const tid = /task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]
    if (tid) os.setPriority(Number(tid), Math.min(19, os.getPriority(Number(tid)) + by))
  } catch {
    // not Linux, or not allowed: nothing to lower
  }
}
const statements = new Map<string, Database.Statement>()
const MAX_STATEMENTS = 2000

function statement(file: string, sql: string): Database.Statement {
  const key = `${file}\n${sql}`
  let stmt = statements.get(key)
  if (!stmt) {
    let db = connections.get(file)
    if (!db) {
      db = new Database(file, { readonly: true, fileMustExist: true })
      registerHeartbeat(db, () => Atomics.load(cancel, 0) === runningId)
      connections.set(file, db)
    }
    if (statements.size >= MAX_STATEMENTS) statements.clear()
    stmt = db.prepare(sql).raw(true)
    statements.set(key, stmt)
  }
  return stmt
}

/**
 * Apache Arrow is loaded by the first Arrow page a worker makes, not when it boots: most servers never
 * make one, and loading it costs each worker ~100 ms of CPU and some megabytes at every start.
 */
let arrowPage: typeof import('../../../serialise/arrow-page.ts') | undefined

function serialise(rows: SqlValue[][], fields: OutputColumn[], format: ResultFormat): string | Uint8Array {
  if (format === 'csv') return rowsToCsv(rows, fields)
  if (format === 'arrow') return (arrowPage as NonNullable<typeof arrowPage>).rowsToArrow(rows, fields)
  return rowsToJson(rows, fields)
}

function run({ file, job }: WorkerJob): JobResult {
  const rows = statement(file, job.sql).all(...job.params) as SqlValue[][]
  const more = rows.length > job.limit
  if (more) rows.length = job.limit
  if (job.kind === 'table') return { body: serialise(rows, job.fields, job.format), count: rows.length, truncated: more }
  const last = rows[rows.length - 1]
  const width = job.fields.length
  const after = more && last ? last.slice(width, width + job.keyCount) : undefined
  const total = job.count ? Number((statement(file, job.count.sql).get(...job.count.params) as SqlValue[])[0]) : undefined
  return { body: serialise(rows, job.fields, job.format), count: rows.length, ...(after ? { after } : {}), ...(total !== undefined ? { total } : {}) }
}

/** Closes every connection and lets the thread end by itself: no native handle is left for an abrupt teardown to trip over. */
function shutDown(): void {
  statements.clear()
  for (const db of connections.values()) db.close()
  connections.clear()
  parentPort?.close()
}

lowerPriority(nice)
parentPort?.postMessage('ready')
function answer(id: number, job: WorkerJob): void {
  runningId = id
  let reply: WorkerReply
  try {
    reply = { id, result: run(job) }
  } catch (error) {
    reply = { id, error: (error as Error).message }
  }
  runningId = 0
  const body = 'result' in reply && 'body' in reply.result ? reply.result.body : undefined
  parentPort?.postMessage(reply, body instanceof Uint8Array ? [body.buffer as ArrayBuffer] : [])
}

parentPort?.on('message', (message: { id: number; job: WorkerJob } | typeof SHUT_DOWN) => {
  if (message === SHUT_DOWN) return shutDown()
  const { id, job } = message
  if (job.job.format !== 'arrow' || arrowPage) return answer(id, job)
  // the pool sends a worker its next job only after this one's answer, so nothing overtakes it meanwhile
  import('../../../serialise/arrow-page.ts').then((loaded) => {
    arrowPage = loaded
    answer(id, job)
  }, (error: unknown) => parentPort?.postMessage({ id, error: (error as Error).message } satisfies WorkerReply))
})
