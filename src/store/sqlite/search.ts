import type { DatasetSearch, DatasetSort } from '../types.ts'

/**
 * Builds the WHERE clause of a catalog search from validated parameters: pure, values always bound.
 * Terms of three or more characters use the FTS5 trigram index; shorter ones (common in Chinese:
 * 处罚, 空气) fall back to LIKE over the same indexed text.
 */
export interface SqlFragment {
  sql: string
  params: Array<string | number>
}

/** Not a column of its own: read from the entry (the catalog is small; no migration for one facet). */
export const UPDATE_FREQUENCY = "json_extract(d.entry_json, '$.update_frequency')"

export function searchTerms(q: string): string[] {
  return q.split(/[\s\u3000]+/).filter((term) => term.length > 0)
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export function buildCatalogWhere(search: Omit<DatasetSearch, 'sort' | 'page' | 'perPage'>): SqlFragment {
  const clauses: string[] = []
  const params: Array<string | number> = []
  for (const term of searchTerms(search.q ?? '')) {
    if ([...term].length >= 3) {
      clauses.push('d.id IN (SELECT id FROM dataset_search WHERE dataset_search MATCH ?)')
      params.push(`"${term.replace(/"/g, '""')}"`)
    } else {
      clauses.push("d.id IN (SELECT id FROM dataset_search WHERE body LIKE ? ESCAPE '\\')")
      params.push(likePattern(term))
    }
  }
  const equal: Array<[string, string | number | undefined]> = [
    ['d.theme', search.theme],
    ['d.grade', search.grade],
    ['d.open', search.open],
    ['d.provider', search.provider],
    [UPDATE_FREQUENCY, search.updateFrequency],
  ]
  for (const [column, value] of equal) {
    if (value === undefined) continue
    clauses.push(`${column} = ?`)
    params.push(value)
  }
  if (search.keyword !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(d.keywords_json) WHERE value = ?)')
    params.push(search.keyword)
  }
  if (search.updatedSince !== undefined) {
    clauses.push('d.updated_at >= ?')
    params.push(search.updatedSince)
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

const ORDER_BY: Readonly<Record<DatasetSort, string>> = {
  id: 'd.id',
  title: 'd.title, d.id',
  updated_at: 'd.updated_at, d.id',
  '-updated_at': 'd.updated_at DESC, d.id',
  row_count: 'd.row_count, d.id',
  '-row_count': 'd.row_count DESC, d.id',
  grade: 'd.grade, d.id',
  '-grade': 'd.grade DESC, d.id',
}

/**
 * The ORDER BY of a catalog search. Relevance counts the terms of `q` found in the title (Chinese or
 * English; ASCII letters case-insensitively), then puts the most recently updated first.
 */
export function orderBy(search: Pick<DatasetSearch, 'sort' | 'q'>): SqlFragment {
  if (search.sort !== 'relevance') return { sql: `ORDER BY ${ORDER_BY[search.sort]}`, params: [] }
  const terms = searchTerms(search.q ?? '')
  if (terms.length === 0) return { sql: `ORDER BY ${ORDER_BY['-updated_at']}`, params: [] }
  const titles = "lower(d.title || ' ' || coalesce(json_extract(d.entry_json, '$.title_en'), ''))"
  const score = terms.map(() => `(instr(${titles}, lower(?)) > 0)`).join(' + ')
  return { sql: `ORDER BY ${score} DESC, ${ORDER_BY['-updated_at']}`, params: terms }
}
