import type pg from 'pg'
import { holdConnection } from './connect.ts'
import { rowsToArrow } from '../../serialise/arrow-page.ts'
import { rowsToCsv } from '../../serialise/csv.ts'
import { rowsToJson } from '../../serialise/json.ts'
import { QueryFailed, QueryRefused, QueryTimeout } from '../query-errors.ts'
import type { ExecuteContext, JobResult, OutputColumn, ResultFormat, SqlValue, TableJob } from '../query-types.ts'

/** 57014: query_canceled, what statement_timeout raises. */
const QUERY_CANCELED = '57014'

export interface RunnerOptions {
  budgetMs: number
  /** Queries that may wait for a connection. */
  queueLength: number
  /** Queries one caller may have running or waiting. */
  perCaller: number
}

function serialise(rows: SqlValue[][], fields: OutputColumn[], format: ResultFormat): string | Uint8Array {
  if (format === 'csv') return rowsToCsv(rows, fields)
  if (format === 'arrow') return rowsToArrow(rows, fields)
  return rowsToJson(rows, fields)
}

/** Booleans as the embedded store returns them (1/0): the serialisers and cursors expect SqlValues. */
function toSqlValues(rows: unknown[][]): SqlValue[][] {
  for (const row of rows) for (let i = 0; i < row.length; i++) if (typeof row[i] === 'boolean') row[i] = row[i] ? 1 : 0
  return rows as SqlValue[][]
}

/**
 * Runs prepared queries on the pool within their time budget. The budget counts from the request's
 * arrival: waiting for a connection spends it, and what is left becomes the transaction's
 * statement_timeout, so that PostgreSQL itself cancels a query that overruns (nothing keeps running
 * after the answer). Callers are limited as in the embedded store's pool: `perCaller` at once, and
 * at most `queueLength` waiting for a connection.
 */
export class QueryRunner {
  private readonly byCaller = new Map<string, number>()
  private waiting = 0

  constructor(private readonly pool: pg.Pool, private readonly options: RunnerOptions) {}

  async run(job: TableJob, context: ExecuteContext): Promise<JobResult> {
    const { budgetMs, perCaller, queueLength } = this.options
    const deadline = Date.now() + budgetMs - context.spentMs
    if (deadline <= Date.now()) throw new QueryTimeout(budgetMs, false)
    const mine = this.byCaller.get(context.caller) ?? 0
    if (mine >= perCaller) throw new QueryRefused('caller-busy', perCaller, budgetMs)
    if (this.waiting >= queueLength) throw new QueryRefused('queue-full', queueLength, budgetMs)
    this.byCaller.set(context.caller, mine + 1)
    try {
      const client = await this.connection(deadline)
      try {
        return await this.inTransaction(client, job, deadline)
      } finally {
        client.release()
      }
    } finally {
      const left = (this.byCaller.get(context.caller) ?? 1) - 1
      if (left === 0) this.byCaller.delete(context.caller)
      else this.byCaller.set(context.caller, left)
    }
  }

  /** A connection before the deadline, or QueryTimeout(ran: false); one that comes too late goes back to the pool. */
  private async connection(deadline: number): Promise<pg.PoolClient> {
    this.waiting++
    let timer: NodeJS.Timeout | undefined
    const connecting = holdConnection(this.pool)
    try {
      return await Promise.race([
        connecting,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new QueryTimeout(this.options.budgetMs, false)), deadline - Date.now())
        }),
      ])
    } catch (error) {
      connecting.then((client) => client.release(), () => undefined)
      if (error instanceof QueryTimeout) throw error
      throw new QueryFailed(`the database is not reachable: ${(error as Error).message}`)
    } finally {
      clearTimeout(timer)
      this.waiting--
    }
  }

  private async inTransaction(client: pg.PoolClient, job: TableJob, deadline: number): Promise<JobResult> {
    const query = async (sql: string, params: SqlValue[]): Promise<unknown[][]> => {
      const left = Math.floor(deadline - Date.now())
      if (left <= 0) throw new QueryTimeout(this.options.budgetMs, true)
      await client.query(`SET LOCAL statement_timeout = ${left}`)
      return (await client.query({ text: sql, values: params, rowMode: 'array' })).rows as unknown[][]
    }
    await client.query('BEGIN READ ONLY')
    try {
      const rows = toSqlValues(await query(job.sql, job.params))
      const more = rows.length > job.limit
      if (more) rows.length = job.limit
      let result: JobResult
      if (job.kind === 'table') result = { body: serialise(rows, job.fields, job.format), count: rows.length, truncated: more }
      else {
        const last = rows[rows.length - 1]
        const width = job.fields.length
        const after = more && last ? last.slice(width, width + job.keyCount) : undefined
        const total = job.count ? Number((await query(job.count.sql, job.count.params))[0]?.[0]) : undefined
        result = { body: serialise(rows, job.fields, job.format), count: rows.length, ...(after ? { after } : {}), ...(total !== undefined ? { total } : {}) }
      }
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      if (error instanceof QueryTimeout) throw error
      if ((error as { code?: string }).code === QUERY_CANCELED) throw new QueryTimeout(this.options.budgetMs, true)
      throw new QueryFailed((error as Error).message)
    }
  }
}
