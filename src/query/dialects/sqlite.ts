import { HEARTBEAT_SQL } from '../../store/sqlite/pool/heartbeat.ts'
import type { Dialect } from '../dialect.ts'

/** The embedded store's SQL: each version a `rows` table in a file of its own, `<table>_fts` its FTS5 trigram index. */
export const SQLITE_DIALECT: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  quoteIdent: (name) => `"${name.replace(/"/g, '""')}"`,
  boolean: (value) => (value ? 1 : 0),
  always: '1',
  never: '0',
  scanGuard: HEARTBEAT_SQL,
  // a unary + keeps the value and stops SQLite from choosing this column's index
  avoidIndex: (column) => `+${column}`,
  notEqual: (column, value) => `${column} IS NOT ${value}`,
  contains: (column, value) => `instr(${column}, ${value}) > 0`,
  startsWith: (column, text, bind) => `substr(${column}, 1, ${bind([...text].length)}) = ${bind(text)}`,
  searchTerm(term, columns, shape, bind) {
    if (shape.fullText && [...term].length >= 3) {
      const fts = `${shape.table}_fts`
      return `_row IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${bind(`"${term.replace(/"/g, '""')}"`)})`
    }
    // the trigram index cannot look up fewer than three characters
    return `(${columns.map((c) => `instr(${c}, ${bind(term)}) > 0`).join(' OR ')})`
  },
}
