import type { CellValue } from '../desensitise/types.ts'
import type { SqlQuery, SqlValue, TableShape } from '../store/query-types.ts'
import { Bindings, type Bind, type Dialect } from './dialect.ts'
import type { Filter, RowQuery } from './row-query.ts'

/**
 * Turns a parsed row query into SQL over a version's table, in the table's dialect (dialect.ts): pure,
 * identifiers come only from the catalog's field names (quoted), values are always bound parameters.
 *
 * Order: the requested sort keys, then the tie-breaker (primary key, else the row id) in the
 * direction of the last key, so that a single-key sort is one index walk. Keyset paging continues
 * strictly after the last row's key values, with NULLs first ascending and last descending spelled
 * out (SQLite's order; PostgreSQL is told so by NULLS FIRST/LAST), so that walking every page returns
 * every row exactly once.
 */
export const KEY_PREFIX = '__k'

export function sqlValue(value: CellValue, dialect: Dialect): SqlValue {
  return typeof value === 'boolean' ? dialect.boolean(value) : value
}

function filterSql(filter: Filter, dialect: Dialect, bind: Bind, avoidIndex = false): string {
  const quoted = dialect.quoteIdent(filter.field)
  const col = avoidIndex ? dialect.avoidIndex(quoted) : quoted
  const [first] = filter.values
  const one = (): string => bind(sqlValue(first ?? null, dialect))
  switch (filter.op) {
    case 'eq': return `${col} = ${one()}`
    case 'ne': return dialect.notEqual(col, one())
    case 'gt': return `${col} > ${one()}`
    case 'gte': return `${col} >= ${one()}`
    case 'lt': return `${col} < ${one()}`
    case 'lte': return `${col} <= ${one()}`
    case 'contains': return dialect.contains(col, one())
    case 'startswith': return dialect.startsWith(col, String(first), bind)
    case 'isnull': return first ? `${col} IS NULL` : `${col} IS NOT NULL`
    case 'in':
    case 'notin': {
      const list = filter.values.map((v) => bind(sqlValue(v, dialect))).join(', ')
      return filter.op === 'in' ? `${col} IN (${list})` : `(${col} IS NULL OR ${col} NOT IN (${list}))`
    }
  }
}

function searchSql(search: string, shape: TableShape, dialect: Dialect, bind: Bind): string[] {
  const columns = shape.fields.filter((f) => f.searchable).map((f) => dialect.quoteIdent(f.name))
  return search.split(/[\s\u3000]+/).filter(Boolean).map((term) => dialect.searchTerm(term, columns, shape, bind))
}

/**
 * Filters whose index would hand the database many rows to sort, when the sort's own index can be walked
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

type WhereInput = Pick<RowQuery, 'filters' | 'search'> & Partial<Pick<RowQuery, 'sort' | 'limit'>>

/** The WHERE terms of a query, the dialect's scan guard first; empty without filters or search. */
export function whereSql(query: WhereInput, shape: TableShape, dialect: Dialect, bind: Bind): string {
  const walkPast = query.sort && query.limit ? filtersToWalkPast({ filters: query.filters, sort: query.sort, limit: query.limit }, shape) : new Set<Filter>()
  const clauses = query.filters.map((f) => filterSql(f, dialect, bind, walkPast.has(f)))
  if (query.search !== undefined) clauses.push(...searchSql(query.search, shape, dialect, bind))
  if (clauses.length === 0) return ''
  return (dialect.scanGuard ? [dialect.scanGuard, ...clauses] : clauses).join(' AND ')
}

/** The condition of a WHERE that may visit every row: the scan guard, or a condition always true. */
export function scanAll(dialect: Dialect): string {
  return dialect.scanGuard ?? dialect.always
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
export function keysetSql(keys: readonly OrderKey[], after: readonly SqlValue[], dialect: Dialect, bind: Bind): string {
  const alternatives: string[] = []
  keys.forEach((key, i) => {
    const value = after[i] ?? null
    // nothing sorts after NULL descending; ascending, every non-null value does
    if (value === null && key.descending) return
    const parts: string[] = []
    for (let j = 0; j < i; j++) {
      const col = dialect.quoteIdent((keys[j] as OrderKey).column)
      const earlier = after[j] ?? null
      parts.push(earlier === null ? `${col} IS NULL` : `${col} = ${bind(earlier)}`)
    }
    const col = dialect.quoteIdent(key.column)
    if (value === null) parts.push(`${col} IS NOT NULL`)
    else parts.push(key.descending ? `(${col} < ${bind(value)} OR ${col} IS NULL)` : `${col} > ${bind(value)}`)
    alternatives.push(`(${parts.join(' AND ')})`)
  })
  return alternatives.length ? `(${alternatives.join(' OR ')})` : dialect.never
}

/** ORDER BY terms with NULLs first ascending and last descending, whatever the dialect's default. */
export function orderSql(keys: readonly OrderKey[], dialect: Dialect): string {
  return keys.map((k) => `${dialect.quoteIdent(k.column)}${k.descending ? ' DESC' : ''}${dialect.nullOrder?.(k.descending) ?? ''}`).join(', ')
}

export function rowsSql(query: RowQuery, shape: TableShape, dialect: Dialect, after?: readonly SqlValue[]): SqlQuery {
  const { params, bind } = new Bindings(dialect)
  const where = whereSql(query, shape, dialect, bind)
  const keys = orderKeys(query, shape)
  const clauses = [where || scanAll(dialect)]
  if (after) clauses.push(keysetSql(keys, after, dialect, bind))
  const q = dialect.quoteIdent
  const columns = [...query.fields.map(q), ...keys.map((k, i) => `${q(k.column)} AS ${KEY_PREFIX}${i}`)]
  return {
    sql: `SELECT ${columns.join(', ')} FROM ${shape.table} WHERE ${clauses.join(' AND ')} ORDER BY ${orderSql(keys, dialect)} LIMIT ${bind(query.limit + 1)}`,
    params,
  }
}

export function countSql(query: RowQuery, shape: TableShape, dialect: Dialect): SqlQuery {
  // no sort here: every filter may use its index; unfiltered, no scan guard, so SQLite counts pages, not rows
  const { params, bind } = new Bindings(dialect)
  const where = whereSql({ filters: query.filters, ...(query.search !== undefined ? { search: query.search } : {}) }, shape, dialect, bind)
  return { sql: `SELECT count(*) FROM ${shape.table}${where ? ` WHERE ${where}` : ''}`, params }
}
