import type { DatasetSearch, DatasetSort } from '../types.ts'
import { searchTerms } from '../sqlite/search.ts'

/**
 * The catalog search of sqlite/search.ts in PostgreSQL: pure, values always bound ($n). Every term of
 * `q`, however short, is a case-insensitive substring of the search body, found through its GIN
 * trigram index (SQLite: FTS5 trigram from three characters, LIKE below). Text orders in the "C"
 * collation, and NULL row counts first ascending, as SQLite orders them.
 */
export interface PgFragment {
  sql: string
  params: Array<string | number>
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export function buildCatalogWhere(search: Omit<DatasetSearch, 'sort' | 'page' | 'perPage'>, params: Array<string | number> = []): PgFragment {
  const clauses: string[] = []
  const bind = (value: string | number): string => `$${params.push(value)}`
  for (const term of searchTerms(search.q ?? '')) clauses.push(`d.search_body ILIKE ${bind(likePattern(term))}`)
  const equal: Array<[string, string | number | undefined]> = [
    ['d.theme', search.theme],
    ['d.grade', search.grade],
    ['d.open', search.open],
    ['d.provider', search.provider],
    ['d.update_frequency', search.updateFrequency],
  ]
  for (const [column, value] of equal) if (value !== undefined) clauses.push(`${column} = ${bind(value)}`)
  if (search.keyword !== undefined) clauses.push(`${bind(search.keyword)} = ANY (d.keywords)`)
  if (search.updatedSince !== undefined) clauses.push(`d.updated_at >= ${bind(search.updatedSince)}`)
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

const ORDER_BY: Readonly<Record<DatasetSort, string>> = {
  id: 'd.id COLLATE "C"',
  title: 'd.title COLLATE "C", d.id COLLATE "C"',
  updated_at: 'd.updated_at COLLATE "C", d.id COLLATE "C"',
  '-updated_at': 'd.updated_at COLLATE "C" DESC, d.id COLLATE "C"',
  row_count: 'd.row_count NULLS FIRST, d.id COLLATE "C"',
  '-row_count': 'd.row_count DESC NULLS LAST, d.id COLLATE "C"',
  grade: 'd.grade, d.id COLLATE "C"',
  '-grade': 'd.grade DESC, d.id COLLATE "C"',
}

/** Relevance: the terms of `q` found in the title (either language, case-insensitively), then the most recently updated. */
export function orderBy(search: Pick<DatasetSearch, 'sort' | 'q'>, params: Array<string | number>): string {
  if (search.sort !== 'relevance') return `ORDER BY ${ORDER_BY[search.sort]}`
  const terms = searchTerms(search.q ?? '')
  if (terms.length === 0) return `ORDER BY ${ORDER_BY['-updated_at']}`
  const titles = "lower(d.title || ' ' || coalesce(d.title_en, ''))"
  const score = terms.map((term) => `(strpos(${titles}, lower($${params.push(term)})) > 0)::int`).join(' + ')
  return `ORDER BY ${score} DESC, ${ORDER_BY['-updated_at']}`
}

/** The facet of a column: counts of the matching datasets by value, most first. */
export function facetSql(column: string, where: string): string {
  return `SELECT ${column} AS value, count(*)::int AS count FROM datasets d ${where} GROUP BY ${column} HAVING ${column} IS NOT NULL ORDER BY count DESC, value`
}
