import type { FieldType } from '../catalog/schema.ts'
import type { VersionInfo } from './types.ts'

/**
 * What the store needs to know of a query to run it, and what it answers: SQL already written in the
 * version table's dialect (the engine, src/query/, writes it), values bound, the page serialised where
 * the rows are read. Nothing here knows of row-query parameters, cursors or caches.
 */
export type SqlValue = string | number | null

/** Primary-key lookups (cheap) run apart from everything that may scan (expensive): see store/schedule.ts. */
export type Lane = 'cheap' | 'expensive'

export const RESULT_FORMATS = ['json', 'csv', 'arrow'] as const
export type ResultFormat = (typeof RESULT_FORMATS)[number]

/** Which SQL a version table speaks; the engine picks its builder by it (src/query/dialects.ts). */
export type DialectName = 'sqlite' | 'postgres'

export interface OutputColumn {
  name: string
  type: FieldType
  /** A datetime column whose every value in the version carries a zone: Arrow types it UTC (src/serialise/fields.ts). */
  zoned?: boolean
}

export interface ColumnShape extends OutputColumn {
  searchable: boolean
}

export interface TableShape {
  /** The version's table as its SQL names it (quoted if it needs to be): the store makes the name. */
  table: string
  fields: readonly ColumnShape[]
  /** Unique, never-null column that completes every order. */
  tiebreaker: string
  /** Whether the version has a full-text index over its searchable fields. */
  fullText: boolean
  /** Rows in the version and, per indexed field, the average rows per value (planner statistics). */
  rowCount?: number
  rowsPerValue?: ReadonlyMap<string, number>
}

/** A published version as a query sees it. Versions never change, so neither does this. */
export interface VersionTable {
  info: VersionInfo
  shape: TableShape
  dialect: DialectName
}

export interface SqlQuery {
  sql: string
  params: SqlValue[]
}

/**
 * A prepared query. The store fetches at most `limit + 1` rows as arrays of the `fields` columns (a rows job
 * then `keyCount` key columns), keeps `limit`, and serialises them in `format`.
 */
export type TableJob =
  | (SqlQuery & {
    kind: 'rows'; fields: OutputColumn[]; keyCount: number; limit: number; format: ResultFormat
    /** The matching rows' count, run in the same job: one admission, one budget, one answer. */
    count?: SqlQuery
  })
  | (SqlQuery & { kind: 'table'; fields: OutputColumn[]; limit: number; format: ResultFormat })

export interface RowsResult {
  /** The page in the requested format: JSON array text, CSV text, or Arrow IPC stream bytes. */
  body: string | Uint8Array
  count: number
  /** Key values of the last row when more rows follow: what the next cursor carries. */
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

/** Who asks, in which lane, and how long the request has been in the server already (the budget counts from its arrival). */
export interface ExecuteContext {
  /** Key id or client IP (access/rate-limits.ts callerSubject): callers are limited and served fairly. */
  caller: string
  lane: Lane
  spentMs: number
}
