import type { OutputField } from './format.ts'
import type { Format } from './row-query.ts'
import type { SqlValue } from './sql.ts'

/** Messages between the query pool and its workers. */
export type QueryJob =
  | {
    kind: 'rows'; file: string; sql: string; params: SqlValue[]; fields: OutputField[]; keyCount: number; limit: number; format: Format
    /** The matching rows' count, run in the same job: one admission, one budget, one cached answer. */
    count?: { sql: string; params: SqlValue[] }
  }
  | { kind: 'table'; file: string; sql: string; params: SqlValue[]; fields: OutputField[]; limit: number; format: Format }

export interface RowsResult {
  /** The page in the requested format: JSON array text, CSV text, or Arrow IPC stream bytes. */
  body: string | Uint8Array
  count: number
  /** Key values of the last row when more rows follow. */
  after?: SqlValue[]
  /** Rows matching the query, when the job asked for the count. */
  total?: number
}

export interface TableResult {
  body: string | Uint8Array
  count: number
  /** More rows matched than the limit allowed. */
  truncated: boolean
}

export type JobResult = RowsResult | TableResult

/** Sent by the pool to an idle worker when it closes: the worker closes its connections and ends. */
export const SHUT_DOWN = 'shut-down'

export type WorkerReply = { id: number; result: JobResult } | { id: number; error: string }
