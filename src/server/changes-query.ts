import { DEFAULT_LIMIT, MAX_LIMIT, type QueryError } from '../query/row-query.ts'

/**
 * The parameters of GET …/versions/{version}/changes, read strictly: every mistake is { path, message }
 * naming the parameter, as for row queries (whose _limit and _cursor these are). Unknown and repeated
 * parameters are the schema's to refuse (schemas/changes.ts). Pure.
 */
export const CHANGES_FORMATS = ['json', 'csv', 'ndjson'] as const
export type ChangesFormat = (typeof CHANGES_FORMATS)[number]

export const CHANGES_MEDIA_TYPES: Readonly<Record<ChangesFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
}

export interface ChangesRequest {
  from?: number
  limit: number
  cursor?: string
  format: ChangesFormat
}

/** The format an Accept header prefers; an explicit _format wins over it. */
export function changesFormatFromAccept(accept: string | undefined): ChangesFormat {
  if (accept?.includes('text/csv')) return 'csv'
  if (accept && /application\/(?:x-)?ndjson/.test(accept)) return 'ndjson'
  return 'json'
}

export interface RawChangesQuery {
  from?: string
  _limit?: string
  _cursor?: string
  _format?: string
}

export function parseChangesQuery(raw: RawChangesQuery, accept: string | undefined): { query?: ChangesRequest; errors: QueryError[] } {
  const errors: QueryError[] = []
  const query: ChangesRequest = { limit: DEFAULT_LIMIT, format: changesFormatFromAccept(accept) }
  for (const [name, value] of Object.entries(raw) as Array<[keyof RawChangesQuery, string | undefined]>) {
    if (value === undefined) continue
    switch (name) {
      case 'from':
        if (!/^[1-9]\d{0,8}$/.test(value)) errors.push({ path: name, message: 'expected a version number: a positive integer' })
        else query.from = Number(value)
        break
      case '_limit':
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT) errors.push({ path: name, message: `expected a whole number from 1 to ${MAX_LIMIT}` })
        else query.limit = Number(value)
        break
      case '_cursor':
        if (value === '' || value.length > 4000) errors.push({ path: name, message: 'not a cursor issued by this API' })
        else query.cursor = value
        break
      case '_format':
        if (!(CHANGES_FORMATS as readonly string[]).includes(value)) errors.push({ path: name, message: `expected one of ${CHANGES_FORMATS.join(', ')}` })
        else query.format = value as ChangesFormat
        break
    }
  }
  return errors.length ? { errors } : { query, errors }
}
