import type { KeyComparison } from './types.ts'

/**
 * The one query both stores count a primary-key comparison with (DatasetStore.countKeyChanges): the later
 * version's rows joined to the earlier one's by the key (a lookup in its unique index per row), counting the
 * rows, those with a partner, and those whose partner holds another value in a compared column. Only the
 * spelling of a null-safe equality differs (SQLite `IS`, PostgreSQL `IS NOT DISTINCT FROM`); `later` and
 * `earlier` are the tables as the store names them, quoted.
 */
export interface KeyChangesDialect {
  quote(name: string): string
  nullSafeEqual: string
}

export function keyChangesSql(comparison: KeyComparison, later: string, earlier: string, dialect: KeyChangesDialect): string {
  const q = dialect.quote
  const key = q(comparison.key)
  const same = comparison.columns.map(({ name, comparable }) => (comparable
    ? `n.${q(name)} ${dialect.nullSafeEqual} o.${q(name)}`
    : `(n.${q(name)} IS NULL AND o.${q(name)} IS NULL)`))
  const differs = same.length ? `NOT (${same.join(' AND ')})` : 'FALSE'
  return `SELECT count(*) AS rows, count(o.${key}) AS common, coalesce(sum(CASE WHEN o.${key} IS NOT NULL AND ${differs} THEN 1 ELSE 0 END), 0) AS changed `
    + `FROM ${later} n LEFT JOIN ${earlier} o ON o.${key} = n.${key}`
}
