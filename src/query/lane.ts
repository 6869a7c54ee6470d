import type { Filter } from './row-query.ts'
import type { Lane } from '../store/query-types.ts'

/**
 * A query is cheap when it names rows by primary key: equality, or an IN list (the parser allows at
 * most MAX_LIST_VALUES values), on the primary key reads at most that many rows through its unique
 * index, whatever else it filters, sorts or counts. Those run in the cheap lane (store/schedule.ts), so a
 * lookup is never stuck behind scans. Not with `_search`: SQLite reads the full-text index's every
 * match for it before it looks at the key, which for a common term is a scan of its own. Nothing else
 * is guessed at: every other query may scan.
 */
export function laneOf(query: { filters: readonly Filter[]; search?: string }, primaryKey: string | undefined): Lane {
  if (query.search !== undefined) return 'expensive'
  return query.filters.some((f) => f.field === primaryKey && (f.op === 'eq' || f.op === 'in')) ? 'cheap' : 'expensive'
}
