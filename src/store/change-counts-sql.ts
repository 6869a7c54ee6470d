import type { ContentComparison, KeyComparison } from './types.ts'

/**
 * The queries both stores count a comparison of two versions with (DatasetStore.countKeyChanges and
 * countContentMatches), so that both count alike. Only the spelling of a null-safe equality differs
 * (SQLite `IS`, PostgreSQL `IS NOT DISTINCT FROM`); `later` and `earlier` are the tables as the store
 * names them, quoted.
 */
export interface ChangeCountsDialect {
  quote(name: string): string
  nullSafeEqual: string
}

/**
 * The later version's rows joined to the earlier one's by the key (a lookup in its unique index per row),
 * counting the rows, those with a partner, and those whose partner holds another value in a compared column.
 */
export function keyChangesSql(comparison: KeyComparison, later: string, earlier: string, dialect: ChangeCountsDialect): string {
  const q = dialect.quote
  const key = q(comparison.key)
  const same = comparison.columns.map(({ name, comparable }) => (comparable
    ? `n.${q(name)} ${dialect.nullSafeEqual} o.${q(name)}`
    : `(n.${q(name)} IS NULL AND o.${q(name)} IS NULL)`))
  const differs = same.length ? `NOT (${same.join(' AND ')})` : 'FALSE'
  return `SELECT count(*) AS rows, count(o.${key}) AS common, coalesce(sum(CASE WHEN o.${key} IS NOT NULL AND ${differs} THEN 1 ELSE 0 END), 0) AS changed `
    + `FROM ${later} n LEFT JOIN ${earlier} o ON o.${key} = n.${key}`
}

/**
 * How many rows of the later version pair with an equal row of the earlier one, as multisets (the
 * content-match.ts rule): both versions' rows grouped by the compared values, each group pairing the
 * smaller of its two counts. GROUP BY sees 5 and 5.0 as one value and nulls as one value, as the digests
 * do. A column whose values are of another kind in each version only matches two nulls, so a row with a
 * value there pairs with none: it is left out of the groups, and the column out of the grouping. Nothing
 * pairs without a column in common. Field names never start with `_` (catalog/reserved-names.ts), so the
 * counting columns cannot meet one.
 */
export function contentMatchesSql(comparison: ContentComparison, later: string, earlier: string, dialect: Pick<ChangeCountsDialect, 'quote'>): string {
  if (comparison.columns.length === 0) return 'SELECT 0 AS matched'
  const q = dialect.quote
  const grouped = comparison.columns.filter((c) => c.comparable).map((c) => q(c.name))
  const nullOnly = comparison.columns.filter((c) => !c.comparable).map((c) => `${q(c.name)} IS NULL`)
  const where = nullOnly.length ? ` WHERE ${nullOnly.join(' AND ')}` : ''
  const side = (table: string, earlierRow: number): string =>
    `SELECT ${[...grouped, `${earlierRow} AS _o`, `${1 - earlierRow} AS _n`].join(', ')} FROM ${table}${where}`
  const groupBy = grouped.length ? ` GROUP BY ${grouped.join(', ')}` : ''
  return `SELECT coalesce(sum(CASE WHEN g._o < g._n THEN g._o ELSE g._n END), 0) AS matched FROM (`
    + `SELECT sum(u._o) AS _o, sum(u._n) AS _n FROM (${side(earlier, 1)} UNION ALL ${side(later, 0)}) u${groupBy}) g`
}
