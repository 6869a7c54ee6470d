import type { JobResult, Lane, RowsResult, SqlValue, TableJob, TableResult } from '../store/query-types.ts'
import { QueryRefused } from '../store/query-errors.ts'
import type { DatasetStore } from '../store/types.ts'
import { aggregateOutputFields, aggregateSql, type AggregateQuery } from './aggregate.ts'
import { DIALECTS } from './dialects.ts'
import { laneOf } from './lane.ts'
import { PageCache } from './page-cache.ts'
import type { RowQuery } from './row-query.ts'
import { countSql, orderKeys, rowsSql } from './sql.ts'

/** Who asks and how long the request has been in the server already. */
export interface QueryContext {
  /** Key id or client IP (access/rate-limits.ts callerSubject): callers are limited and served fairly. */
  caller: string
  /** Time since the request arrived: the budget left is what remains of it. */
  spentMs: number
}

/** A page of a row query; `total` always for an unfiltered query, with _count=exact otherwise. */
export type QueryPage = RowsResult

/** Bytes of finished pages kept in memory. */
export const PAGE_CACHE_BYTES = 64 * 1024 * 1024

/**
 * Row queries and aggregates (SPEC §6.1) over a store's published versions: the SQL in the version
 * table's dialect, the lane, and the page cache are here; running the SQL within the time budget is the
 * store's. A page is answered from the cache, or from the same query already running, without going
 * near the store (no worker, no place in line, nothing counted against the caller): versions never
 * change, so neither do their pages.
 */
export class QueryEngine {
  private readonly pages: PageCache<JobResult>

  constructor(private readonly store: DatasetStore, cacheBytes = PAGE_CACHE_BYTES) {
    this.pages = new PageCache(cacheBytes)
  }

  async rows(datasetId: string, version: number, query: RowQuery, context: QueryContext, after?: readonly SqlValue[]): Promise<QueryPage> {
    const { info, shape, dialect: name } = await this.store.versionTable(datasetId, version)
    const dialect = DIALECTS[name]
    const { sql, params } = rowsSql(query, shape, dialect, after)
    const typeOf = new Map(info.fields.map((f) => [f.name, f.type]))
    const fields = query.fields.map((field) => ({ name: field, type: typeOf.get(field) ?? 'string' }))
    const filtered = query.filters.length > 0 || query.search !== undefined
    const count = filtered && query.count ? { count: countSql(query, shape, dialect) } : {}
    const job: TableJob = { kind: 'rows', sql, params, fields, keyCount: orderKeys(query, shape).length, limit: query.limit, format: query.format, ...count }
    const page = await this.run(datasetId, version, job, context, laneOf(query, info.primaryKey)) as RowsResult
    return filtered ? page : { ...page, total: info.rowCount }
  }

  async aggregate(datasetId: string, version: number, query: AggregateQuery, context: QueryContext): Promise<TableResult> {
    const { info, shape, dialect } = await this.store.versionTable(datasetId, version)
    const fields = aggregateOutputFields(query, shape.fields)
    const job: TableJob = { kind: 'table', ...aggregateSql(query, shape, DIALECTS[dialect]), fields, limit: query.limit, format: query.format }
    return this.run(datasetId, version, job, context, laneOf(query, info.primaryKey)) as Promise<TableResult>
  }

  private run(datasetId: string, version: number, job: TableJob, context: QueryContext, lane: Lane): Promise<JobResult> {
    // a joiner turned away for its first caller's reasons (that caller's limit, not the query) runs its own
    return this.pages.through(JSON.stringify([datasetId, version, job]), () => this.store.execute(datasetId, version, job, { ...context, lane }), (error) => error instanceof QueryRefused)
  }
}
