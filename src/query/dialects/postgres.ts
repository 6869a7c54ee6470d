import type { Dialect } from '../dialect.ts'

/** `%text%` for LIKE, with LIKE's own characters (and its escape, the backslash) taken literally. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * The PostgreSQL store's SQL (store/postgres/): each version a table of its own in the gongkai_rows
 * schema, text in the "C" collation, every index NULLS FIRST, searchable columns with GIN trigram
 * indexes. No scan guard: a query past its budget is cancelled by statement_timeout. `_search` terms and
 * `contains` stay case-sensitive, as in the embedded store; LIKE '%…%' is answered from the trigram index
 * for Chinese terms of any length.
 */
export const POSTGRES_DIALECT: Dialect = {
  name: 'postgres',
  placeholder: (n) => `$${n}`,
  quoteIdent: (name) => `"${name.replace(/"/g, '""')}"`,
  // 1/0 as in the embedded store, so that a cursor's key values are the same whichever store wrote them
  boolean: (value) => (value ? 1 : 0),
  always: 'TRUE',
  never: 'FALSE',
  nullOrder: (descending) => (descending ? ' NULLS LAST' : ' NULLS FIRST'),
  // PostgreSQL's planner weighs the filter's index against walking the sort's from its own statistics
  avoidIndex: (column) => column,
  notEqual: (column, value) => `${column} IS DISTINCT FROM ${value}`,
  contains: (column, value) => `strpos(${column}, ${value}) > 0`,
  // a prefix LIKE on a "C"-collated column is a range of its b-tree index
  startsWith: (column, text, bind) => `${column} LIKE ${bind(`${likeEscape(text)}%`)}`,
  searchTerm: (term, columns, _shape, bind) => `(${columns.map((c) => `${c} LIKE ${bind(`%${likeEscape(term)}%`)}`).join(' OR ')})`,
}
