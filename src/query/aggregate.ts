import type { FieldType } from '../catalog/schema.ts'
import type { OutputColumn, SqlQuery, TableShape } from '../store/query-types.ts'
import { Bindings, type Dialect } from './dialect.ts'
import { FORMATS, parseFilterParam, type Filter, type Format, type QueryError, type QueryField, type RawQuery } from './row-query.ts'
import { orderSql, scanAll, whereSql } from './sql.ts'

/**
 * `GET …/aggregate` (SPEC §6): `_group_by=f1,f2`, `_agg=count,sum:f,avg:f,min:f,max:f`, the row
 * filters, `_sort` over group keys and aggregates, and a cap on the number of groups. Pure parsing
 * and SQL building, like the row query.
 */
export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max'] as const
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number]

export interface Aggregate {
  fn: AggregateFunction
  field?: string
  /** Output column: count, sum_amount, … */
  alias: string
}

export interface AggregateQuery {
  filters: Filter[]
  search?: string
  groupBy: string[]
  aggregates: Aggregate[]
  sort: Array<{ column: string; descending: boolean }>
  limit: number
  format: Format
}

export const DEFAULT_GROUPS = 1000
export const MAX_GROUPS = 10_000
const CONTROLS = ['_group_by', '_agg', '_sort', '_limit', '_format', '_search'] as const
const NUMERIC: ReadonlySet<FieldType> = new Set(['integer', 'number', 'year'])

export function parseAggregateQuery(raw: RawQuery, fields: readonly QueryField[], defaultFormat: Format = 'json'): { query?: AggregateQuery; errors: QueryError[] } {
  const byName = new Map(fields.map((f) => [f.name, f]))
  const errors: QueryError[] = []
  const fail = (path: string, message: string): void => {
    errors.push({ path, message })
  }
  const query: AggregateQuery = { filters: [], groupBy: [], aggregates: [], sort: [], limit: DEFAULT_GROUPS, format: defaultFormat }
  let sortText: string | undefined
  for (const [name, given] of Object.entries(raw)) {
    if (given === undefined) continue
    const values = Array.isArray(given) ? given : [given]
    if (!name.startsWith('_')) {
      query.filters.push(...parseFilterParam(name, values, byName, fail))
      continue
    }
    if (!(CONTROLS as readonly string[]).includes(name)) {
      fail(name, `unknown control parameter; expected one of ${CONTROLS.join(', ')} or a filter`)
      continue
    }
    if (values.length > 1) {
      fail(name, 'given more than once')
      continue
    }
    const value = values[0] as string
    const list = value.split(',').map((s) => s.trim())
    switch (name) {
      case '_group_by':
        for (const field of list) {
          if (!byName.has(field)) fail(name, `unknown field "${field}"`)
          else if (query.groupBy.includes(field)) fail(name, `field "${field}" is listed twice`)
          else query.groupBy.push(field)
        }
        break
      case '_agg':
        for (const spec of list) {
          const aggregate = readAggregate(spec, byName)
          if (typeof aggregate === 'string') fail(name, aggregate)
          else if (query.aggregates.some((a) => a.alias === aggregate.alias)) fail(name, `"${spec}" is listed twice`)
          else query.aggregates.push(aggregate)
        }
        break
      case '_limit':
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_GROUPS) fail(name, `expected a whole number from 1 to ${MAX_GROUPS}`)
        else query.limit = Number(value)
        break
      case '_format':
        if (!(FORMATS as readonly string[]).includes(value)) fail(name, `expected one of ${FORMATS.join(', ')}`)
        else query.format = value as Format
        break
      case '_search':
        if (value.trim() === '' || value.length > 200) fail(name, 'expected 1 to 200 characters of text')
        else query.search = value.trim()
        break
      default:
        sortText = value
    }
  }
  if (query.aggregates.length === 0) query.aggregates.push({ fn: 'count', alias: 'count' })
  if (sortText !== undefined) {
    const outputs = [...query.groupBy, ...query.aggregates.map((a) => a.alias)]
    for (const key of sortText.split(',').map((s) => s.trim())) {
      const descending = key.startsWith('-')
      const column = (descending ? key.slice(1) : key).replace(':', '_')
      if (!outputs.includes(column)) fail('_sort', `"${key}" is neither a group key nor an aggregate; expected one of ${outputs.join(', ')}`)
      else query.sort.push({ column, descending })
    }
  }
  if (query.search !== undefined && !fields.some((f) => f.searchable)) fail('_search', 'this dataset has no searchable fields')
  return errors.length ? { errors } : { query, errors }
}

function readAggregate(spec: string, byName: ReadonlyMap<string, QueryField>): Aggregate | string {
  if (spec === 'count') return { fn: 'count', alias: 'count' }
  const [fn, field, extra] = spec.split(':')
  if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(fn ?? '') || fn === 'count' || field === undefined || extra !== undefined) {
    return `"${spec}": expected count, sum:field, avg:field, min:field or max:field`
  }
  const target = byName.get(field)
  if (!target) return `"${spec}": unknown field "${field}"`
  if ((fn === 'sum' || fn === 'avg') && !NUMERIC.has(target.type)) return `"${spec}": ${fn} needs a numeric field, "${field}" is ${target.type}`
  if (target.type === 'boolean' && (fn === 'min' || fn === 'max')) return `"${spec}": ${fn} does not apply to a boolean field`
  return { fn: fn as AggregateFunction, field, alias: `${fn}_${field}` }
}

/** The answer's columns; a group or the min/max of a zoned datetime column is zoned as its source is. */
export function aggregateOutputFields(query: AggregateQuery, fields: readonly QueryField[], zoned: ReadonlySet<string> = new Set()): OutputColumn[] {
  const typeOf = new Map(fields.map((f) => [f.name, f.type]))
  const column = (name: string, source: string, type: FieldType): OutputColumn => (zoned.has(source) ? { name, type, zoned: true } : { name, type })
  return [
    ...query.groupBy.map((name) => column(name, name, typeOf.get(name) as FieldType)),
    ...query.aggregates.map((a): OutputColumn => {
      const type = a.field ? (typeOf.get(a.field) as FieldType) : 'integer'
      if (a.fn === 'count') return { name: a.alias, type: 'integer' }
      if (a.fn === 'avg' || (a.fn === 'sum' && type === 'number')) return { name: a.alias, type: 'number' }
      if (a.fn === 'sum') return { name: a.alias, type: 'integer' }
      return a.field ? column(a.alias, a.field, type) : { name: a.alias, type }
    }),
  ]
}

export function aggregateSql(query: AggregateQuery, shape: TableShape, dialect: Dialect): SqlQuery {
  const { params, bind } = new Bindings(dialect)
  const q = dialect.quoteIdent
  const where = whereSql({ filters: query.filters, ...(query.search !== undefined ? { search: query.search } : {}) }, shape, dialect, bind)
  const groups = query.groupBy.map(q)
  const aggregates = query.aggregates.map((a) => `${a.fn}(${a.field ? q(a.field) : '*'}) AS ${q(a.alias)}`)
  const order = query.sort.length
    ? orderSql(query.sort, dialect)
    : orderSql(query.groupBy.map((column) => ({ column, descending: false })), dialect)
  return {
    sql: `SELECT ${[...groups, ...aggregates].join(', ')} FROM ${shape.table} WHERE ${where || scanAll(dialect)}${groups.length ? ` GROUP BY ${groups.join(', ')}` : ''}${order ? ` ORDER BY ${order}` : ''} LIMIT ${bind(query.limit + 1)}`,
    params,
  }
}
