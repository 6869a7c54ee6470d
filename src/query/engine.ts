import type { JobResult, Lane, OutputColumn, RowsResult, SqlValue, TableJob, TableResult } from '../store/query-types.ts'
import { QueryRefused } from '../store/query-errors.ts'
import type { DatasetStore, VersionInfo } from '../store/types.ts'
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

/** Versions whose zoned datetime columns are remembered; past it the oldest answers are read again. */
const ZONED_VERSIONS = 1024
const NOTHING_ZONED: ReadonlySet<string> = new Set()

/**
 * Row queries and aggregates (SPEC §6.1) over a store's published versions: the SQL in the version
 * table's dialect, the lane, and the page cache are here; running the SQL within the time budget is the
 * store's. A page is answered from the cache, or from the same query already running, without going
 * near the store (no worker, no place in line, nothing counted against the caller): versions never
 * change, so neither do their pages.
 */
export class QueryEngine {
  private readonly pages: PageCache<JobResult>
  private readonly zoned = new Map<string, Promise<ReadonlySet<string>>>()

  constructor(private readonly store: DatasetStore, cacheBytes = PAGE_CACHE_BYTES) {
    this.pages = new PageCache(cacheBytes)
  }

  async rows(datasetId: string, version: number, query: RowQuery, context: QueryContext, after?: readonly SqlValue[]): Promise<QueryPage> {
    const { info, shape, dialect: name } = await this.store.versionTable(datasetId, version)
    const dialect = DIALECTS[name]
    const { sql, params } = rowsSql(query, shape, dialect, after)
    const typeOf = new Map(info.fields.map((f) => [f.name, f.type]))
    const zoned = query.format === 'arrow' ? await this.zonedFields(datasetId, version, info) : NOTHING_ZONED
    const fields = query.fields.map((field): OutputColumn => ({ name: field, type: typeOf.get(field) ?? 'string', ...(zoned.has(field) ? { zoned: true } : {}) }))
    const filtered = query.filters.length > 0 || query.search !== undefined
    const count = filtered && query.count ? { count: countSql(query, shape, dialect) } : {}
    const job: TableJob = { kind: 'rows', sql, params, fields, keyCount: orderKeys(query, shape).length, limit: query.limit, format: query.format, ...count }
    const page = await this.run(datasetId, version, job, context, laneOf(query, info.primaryKey)) as RowsResult
    return filtered ? page : { ...page, total: info.rowCount }
  }

  async aggregate(datasetId: string, version: number, query: AggregateQuery, context: QueryContext): Promise<TableResult> {
    const { info, shape, dialect } = await this.store.versionTable(datasetId, version)
    const zoned = query.format === 'arrow' ? await this.zonedFields(datasetId, version, info) : NOTHING_ZONED
    const fields = aggregateOutputFields(query, shape.fields, zoned)
    const job: TableJob = { kind: 'table', ...aggregateSql(query, shape, DIALECTS[dialect]), fields, limit: query.limit, format: query.format }
    return this.run(datasetId, version, job, context, laneOf(query, info.primaryKey)) as Promise<TableResult>
  }

  /**
   * Which datetime columns of a version are zoned, as the bulk Arrow file was typed (materialise/): only
   * Arrow answers need it, and a version's rows never change, so it is read once per version.
   */
  private zonedFields(datasetId: string, version: number, info: VersionInfo): Promise<ReadonlySet<string>> {
    if (!info.fields.some((f) => f.type === 'datetime')) return Promise.resolve(NOTHING_ZONED)
    const key = JSON.stringify([datasetId, version])
    const known = this.zoned.get(key)
    if (known) return known
    if (this.zoned.size >= ZONED_VERSIONS) this.zoned.delete(this.zoned.keys().next().value as string)
    const reading = (async () => {
      const rows = await this.store.versionRows(datasetId, version)
      try {
        return await rows.zonedDatetimeFields()
      } finally {
        await rows.close()
      }
    })()
    this.zoned.set(key, reading)
    reading.catch(() => this.zoned.delete(key))
    return reading
  }

  private run(datasetId: string, version: number, job: TableJob, context: QueryContext, lane: Lane): Promise<JobResult> {
    // a joiner turned away for its first caller's reasons (that caller's limit, not the query) runs its own
    return this.pages.through(JSON.stringify([datasetId, version, job]), () => this.store.execute(datasetId, version, job, { ...context, lane }), (error) => error instanceof QueryRefused)
  }
}
