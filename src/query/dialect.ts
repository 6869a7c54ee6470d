import type { DialectName, SqlValue, TableShape } from '../store/query-types.ts'

/**
 * What the SQL builder (sql.ts, aggregate.ts) leaves to the database it writes for: placeholders,
 * quoting, and the few expressions SQL does not spell alike. Everything else (keyset order, NULL order,
 * filters, groups) is written once, for every dialect.
 */
export interface Dialect {
  readonly name: DialectName
  /** The placeholder of the n-th bound value (1-based): `?` or `$n`. */
  placeholder(n: number): string
  quoteIdent(name: string): string
  /** A boolean as the table stores and binds it. */
  boolean(value: boolean): SqlValue
  /** A condition that holds for every row, and one that holds for none. */
  readonly always: string
  readonly never: string
  /**
   * The first term of every WHERE that may visit many rows, when the dialect's store needs one to cancel a
   * running query (SQLite's heartbeat); undefined when cancelling needs nothing in the SQL.
   */
  readonly scanGuard?: string
  /**
   * What an ORDER BY term needs after ASC/DESC for NULLs to come first ascending and last descending (the
   * order keyset paging assumes, SQLite's own); undefined when that is the dialect's default.
   */
  nullOrder?(descending: boolean): string
  /** The column written so that the planner does not choose its index (the value unchanged). */
  avoidIndex(column: string): string
  /** `column` differs from the bound value, NULL included (a NULL is "not equal"). */
  notEqual(column: string, value: string): string
  /** `column` holds the bound text. */
  contains(column: string, value: string): string
  /** `column` starts with `text`; binds what it needs. */
  startsWith(column: string, text: string, bind: Bind): string
  /** Rows matching one `_search` term over the searchable columns (quoted); binds what it needs. */
  searchTerm(term: string, columns: readonly string[], shape: TableShape, bind: Bind): string
}

/** Binds a value and returns its placeholder. */
export type Bind = (value: SqlValue) => string

/** The values of one statement in placeholder order, with the dialect's numbering. */
export class Bindings {
  readonly params: SqlValue[] = []

  constructor(private readonly dialect: Dialect) {}

  readonly bind: Bind = (value) => {
    this.params.push(value)
    return this.dialect.placeholder(this.params.length)
  }
}
