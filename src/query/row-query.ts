import { VALUE_PARSERS } from '../catalog/values.ts'
import type { FieldType } from '../catalog/schema.ts'
import type { CellValue } from '../desensitise/types.ts'
import { RESULT_FORMATS, type ResultFormat } from '../store/query-types.ts'
import { isOperator, MAX_LIST_VALUES, OPERATORS, type Operator } from './operators.ts'

/**
 * Reads a row query's parameters (SPEC §6.1) against the dataset's public fields: pure, and every
 * mistake comes back as { path, message } naming the parameter. Nothing here touches SQL.
 */
export interface QueryField {
  name: string
  type: FieldType
  searchable: boolean
}

export interface Filter {
  field: string
  op: Operator
  /** One value for most operators, several for in/notin, [true|false] for isnull. */
  values: CellValue[]
}

export interface SortKey {
  field: string
  descending: boolean
}

export const FORMATS = RESULT_FORMATS
export type Format = ResultFormat

export interface RowQuery {
  filters: Filter[]
  sort: SortKey[]
  fields: string[]
  limit: number
  search?: string
  count: boolean
  format: Format
  cursor?: string
}

export interface QueryError {
  path: string
  message: string
}

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 10_000
const MAX_SORT_KEYS = 4
export const CONTROL_PARAMETERS = ['_fields', '_sort', '_limit', '_cursor', '_search', '_count', '_format'] as const

export type RawQuery = Record<string, string | string[] | undefined>

function splitList(raw: string): string[] {
  return raw.split(',').map((s) => s.trim())
}

function parseValue(field: QueryField, raw: string): CellValue | undefined {
  return VALUE_PARSERS[field.type].parse(raw)
}

export function parseRowQuery(raw: RawQuery, fields: readonly QueryField[], defaultFormat: Format = 'json'): { query?: RowQuery; errors: QueryError[] } {
  const byName = new Map(fields.map((f) => [f.name, f]))
  const errors: QueryError[] = []
  const fail = (path: string, message: string): void => {
    errors.push({ path, message })
  }
  const query: RowQuery = { filters: [], sort: [], fields: fields.map((f) => f.name), limit: DEFAULT_LIMIT, count: false, format: defaultFormat }

  for (const [name, given] of Object.entries(raw)) {
    if (given === undefined) continue
    const values = Array.isArray(given) ? given : [given]
    if (name.startsWith('_')) {
      if (!(CONTROL_PARAMETERS as readonly string[]).includes(name)) {
        fail(name, `unknown control parameter; expected one of ${CONTROL_PARAMETERS.join(', ')}`)
        continue
      }
      if (values.length > 1) {
        fail(name, 'given more than once')
        continue
      }
      readControl(name, values[0] as string, query, byName, fail)
      continue
    }
    query.filters.push(...parseFilterParam(name, values, byName, fail))
  }
  if (query.search !== undefined && !fields.some((f) => f.searchable)) {
    fail('_search', 'this dataset has no searchable fields')
  }
  return errors.length ? { errors } : { query, errors }
}

/** A `field` or `field__op` parameter (possibly repeated: every occurrence must hold) as filters. */
export function parseFilterParam(name: string, values: readonly string[], byName: ReadonlyMap<string, QueryField>, fail: (path: string, message: string) => void): Filter[] {
  const split = name.lastIndexOf('__')
  const fieldName = split > 0 ? name.slice(0, split) : name
  const opName = split > 0 ? name.slice(split + 2) : 'eq'
  const field = byName.get(fieldName)
  if (!field) {
    fail(name, `unknown field "${fieldName}"; filterable fields: ${[...byName.keys()].join(', ')}`)
    return []
  }
  if (!isOperator(opName)) {
    fail(name, `unknown operator "${opName}"; expected one of ${Object.keys(OPERATORS).join(', ')}`)
    return []
  }
  if (!OPERATORS[opName].types.has(field.type)) {
    fail(name, `operator ${opName} does not apply to ${field.type} field "${field.name}"`)
    return []
  }
  return values.flatMap((value) => readFilter(name, field, opName, value, fail) ?? [])
}

function readFilter(name: string, field: QueryField, op: Operator, raw: string, fail: (p: string, m: string) => void): Filter | undefined {
  const spec = OPERATORS[op]
  if (spec.values === 'flag') {
    if (raw !== 'true' && raw !== 'false') return fail(name, 'expected true or false'), undefined
    return { field: field.name, op, values: [raw === 'true'] }
  }
  const texts = spec.values === 'list' ? splitList(raw) : [raw]
  if (spec.values === 'list' && texts.length > MAX_LIST_VALUES) return fail(name, `at most ${MAX_LIST_VALUES} values`), undefined
  const parsed: CellValue[] = []
  for (const text of texts) {
    if (text === '' && (spec.values === 'list' || field.type !== 'string')) {
      return fail(name, `expected ${VALUE_PARSERS[field.type].expected}, got an empty value`), undefined
    }
    const value = parseValue(field, text)
    if (value === undefined) return fail(name, `expected ${VALUE_PARSERS[field.type].expected}, got ${JSON.stringify(text.slice(0, 50))}`), undefined
    parsed.push(value)
  }
  if ((op === 'contains' || op === 'startswith') && raw === '') return fail(name, 'expected some text'), undefined
  return { field: field.name, op, values: parsed }
}

function readControl(name: string, raw: string, query: RowQuery, byName: Map<string, QueryField>, fail: (p: string, m: string) => void): void {
  switch (name) {
    case '_fields': {
      const names = splitList(raw)
      const unknown = names.filter((n) => !byName.has(n))
      if (unknown.length) return fail(name, `unknown field(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}`)
      if (new Set(names).size !== names.length) return fail(name, 'a field is listed twice')
      query.fields = names
      return
    }
    case '_sort': {
      const keys = splitList(raw)
      if (keys.length > MAX_SORT_KEYS) return fail(name, `at most ${MAX_SORT_KEYS} sort keys`)
      const seen = new Set<string>()
      for (const key of keys) {
        const descending = key.startsWith('-')
        const field = descending ? key.slice(1) : key
        if (!byName.has(field)) return fail(name, `unknown field "${field}"`)
        if (seen.has(field)) return fail(name, `field "${field}" is listed twice`)
        seen.add(field)
        query.sort.push({ field, descending })
      }
      return
    }
    case '_limit': {
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) return fail(name, `expected a whole number from 1 to ${MAX_LIMIT}`)
      query.limit = Number(raw)
      return
    }
    case '_count':
      if (raw !== 'exact') return fail(name, 'expected "exact"')
      query.count = true
      return
    case '_format':
      if (!(FORMATS as readonly string[]).includes(raw)) return fail(name, `expected one of ${FORMATS.join(', ')}`)
      query.format = raw as Format
      return
    case '_search':
      if (raw.trim() === '' || raw.length > 200) return fail(name, 'expected 1 to 200 characters of text')
      query.search = raw.trim()
      return
    default:
      if (raw === '' || raw.length > 4000) return fail(name, 'not a cursor issued by this API')
      query.cursor = raw
  }
}

/** What a cursor is bound to: the rows a query selects and their order. Another query's cursor is a 400. */
export function cursorBinding(query: RowQuery): string {
  const filters = query.filters.map((f) => JSON.stringify([f.field, f.op, f.values])).sort()
  return JSON.stringify([filters, query.sort, query.search ?? null])
}

