import type { CellValue } from '../desensitise/types.ts'
import { HEARTBEAT_SQL } from './heartbeat.ts'
import type { Filter, QueryField, RowQuery } from './row-query.ts'

/**
 * Turns a parsed row query into SQL over a version's `rows` table: pure, identifiers come only from
 * the catalog's field names (quoted), values are always bound parameters.
 *
 * Order: the requested sort keys, then the tie-breaker (primary key, else the row id) in the
 * direction of the last key, so that a single-key sort is one index walk. Keyset paging continues
 * strictly after the last row's key values, with SQLite's NULL order (NULL first ascending, last
 * descending) spelled out, so that walking every page returns every row exactly once.
 */
export type SqlValue = string | number | null

export interface TableShape {
  fields: readonly QueryField[]
  /** Unique, never-null column that completes every order. */
  tiebreaker: string
  /** Whether the version has the rows_fts trigram index over its searchable fields. */
  fullText: boolean
  /** Rows in the version and, per indexed field, the average rows per value (planner statistics). */
  rowCount?: number
  rowsPerValue?: ReadonlyMap<string, number>
}

export interface SqlQuery {
  sql: string
  params: SqlValue[]
}

export const KEY_PREFIX = '__k'

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export function sqlValue(value: CellValue): SqlValue {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}

function filterSql(filter: Filter, params: SqlValue[], avoidIndex = false): string {
  // a unary + keeps the value and stops SQLite from choosing this field's index
  const col = avoidIndex ? `+${quoteIdent(filter.field)}` : quoteIdent(filter.field)
  const [first] = filter.values
  const one = (sql: string): string => {
    params.push(sqlValue(first ?? null))
    return sql
  }
  switch (filter.op) {
    case 'eq': return one(`${col} = ?`)
    case 'ne': return one(`${col} IS NOT ?`)
    case 'gt': return one(`${col} > ?`)
    case 'gte': return one(`${col} >= ?`)
    case 'lt': return one(`${col} < ?`)
    case 'lte': return one(`${col} <= ?`)
    case 'contains': return one(`instr(${col}, ?) > 0`)
    case 'startswith':
      params.push([...String(first)].length, String(first))
      return `substr(${col}, 1, ?) = ?`
    case 'isnull': return first ? `${col} IS NULL` : `${col} IS NOT NULL`
    case 'in':
    case 'notin': {
      params.push(...filter.values.map(sqlValue))
      const list = filter.values.map(() => '?').join(', ')
      return filter.op === 'in' ? `${col} IN (${list})` : `(${col} IS NULL OR ${col} NOT IN (${list}))`
    }
  }
}

function searchSql(search: string, shape: TableShape, params: SqlValue[]): string[] {
  const columns = shape.fields.filter((f) => f.searchable).map((f) => quoteIdent(f.name))
  return search.split(/[\s\u3000]+/).filter(Boolean).map((term) => {
    if (shape.fullText && [...term].length >= 3) {
      params.push(`"${term.replace(/"/g, '""')}"`)
      return `_row IN (SELECT rowid FROM rows_fts WHERE rows_fts MATCH ?)`
    }
    // the trigram index cannot look up fewer than three characters
    params.push(...columns.map(() => term))
    return `(${columns.map((c) => `instr(${c}, ?) > 0`).join(' OR ')})`
  })
}

/**
 * Filters whose index would hand SQLite many rows to sort, when the sort's own index can be walked
 * instead: equality on a common value (say 50,000 of 1M rows) sorted by another indexed field and
 * limited to 100 rows finds its page after about 2,000 index entries, against sorting 50,000 rows.
 * SQLite's planner tends to take the filter's index; this tells it not to, from the ANALYZE figures.
 */
export function filtersToWalkPast(query: Pick<RowQuery, 'filters' | 'sort' | 'limit'>, shape: TableShape): Set<Filter> {
  const walk = new Set<Filter>()
  const first = query.sort[0]
  const perValue = shape.rowsPerValue
  if (!first || !perValue || !shape.rowCount || !(perValue.has(first.field) || first.field === shape.tiebreaker)) return walk
  for (const filter of query.filters) {
    const each = perValue.get(filter.field)
    if (each === undefined || filter.field === first.field || (filter.op !== 'eq' && filter.op !== 'in')) continue
    const matching = each * filter.values.length
    const entriesToWalk = (query.limit * shape.rowCount) / Math.max(matching, 1)
    if (entriesToWalk < matching) walk.add(filter)
  }
  return walk
}

export function whereSql(query: Pick<RowQuery, 'filters' | 'search'> & Partial<Pick<RowQuery, 'sort' | 'limit'>>, shape: TableShape): SqlQuery {
  const params: SqlValue[] = []
  const walkPast = query.sort && query.limit ? filtersToWalkPast({ filters: query.filters, sort: query.sort, limit: query.limit }, shape) : new Set<Filter>()
  const clauses = query.filters.map((f) => filterSql(f, params, walkPast.has(f)))
  if (query.search !== undefined) clauses.push(...searchSql(query.search, shape, params))
  return { sql: clauses.length ? [HEARTBEAT_SQL, ...clauses].join(' AND ') : '', params }
}

export interface OrderKey {
  column: string
  descending: boolean
}

export function orderKeys(query: Pick<RowQuery, 'sort'>, shape: TableShape): OrderKey[] {
  const keys = query.sort.map((k) => ({ column: k.field, descending: k.descending }))
  // the tie-breaker is unique: keys after it cannot change the order
  const at = keys.findIndex((k) => k.column === shape.tiebreaker)
  if (at >= 0) return keys.slice(0, at + 1)
  return [...keys, { column: shape.tiebreaker, descending: keys[keys.length - 1]?.descending ?? false }]
}

/** Rows strictly after `after` (the previous page's last key values) in the order of `keys`. */
export function keysetSql(keys: readonly OrderKey[], after: readonly SqlValue[], params: SqlValue[]): string {
  const alternatives: string[] = []
  keys.forEach((key, i) => {
    const parts: string[] = []
    const bound: SqlValue[] = []
    for (let j = 0; j < i; j++) {
      const col = quoteIdent((keys[j] as OrderKey).column)
      const value = after[j] ?? null
      if (value === null) parts.push(`${col} IS NULL`)
      else {
        parts.push(`${col} = ?`)
        bound.push(value)
      }
    }
    const col = quoteIdent(key.column)
    const value = after[i] ?? null
    if (value === null) {
      // nothing sorts after NULL descending; ascending, every non-null value does
      if (key.descending) return
      parts.push(`${col} IS NOT NULL`)
    } else {
      parts.push(key.descending ? `(${col} < ? OR ${col} IS NULL)` : `${col} > ?`)
      bound.push(value)
    }
    alternatives.push(`(${parts.join(' AND ')})`)
    params.push(...bound)
  })
  return alternatives.length ? `(${alternatives.join(' OR ')})` : '0'
}

export function rowsSql(query: RowQuery, shape: TableShape, after?: readonly SqlValue[]): SqlQuery {
  const where = whereSql(query, shape)
  const keys = orderKeys(query, shape)
  const params = [...where.params]
  const clauses = [where.sql || HEARTBEAT_SQL]
  if (after) clauses.push(keysetSql(keys, after, params))
  const columns = [...query.fields.map(quoteIdent), ...keys.map((k, i) => `${quoteIdent(k.column)} AS ${KEY_PREFIX}${i}`)]
  const order = keys.map((k) => `${quoteIdent(k.column)}${k.descending ? ' DESC' : ''}`).join(', ')
  params.push(query.limit + 1)
  return {
    sql: `SELECT ${columns.join(', ')} FROM rows WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ?`,
    params,
  }
}

export function countSql(query: RowQuery, shape: TableShape): SqlQuery {
  // no sort here: every filter may use its index; unfiltered, no heartbeat, so SQLite counts pages, not rows
  const where = whereSql({ filters: query.filters, ...(query.search !== undefined ? { search: query.search } : {}) }, shape)
  return { sql: `SELECT count(*) FROM rows${where.sql ? ` WHERE ${where.sql}` : ''}`, params: where.params }
}
