/**
 * What the dataset page's preview and chart ask the API for, decided in one place for the server
 * (no-JS pages) and the browser (scripts): pure functions without imports, so the browser bundle
 * stays small and both sides send the same queries.
 */

/** Rows in one preview page. */
export const PREVIEW_LIMIT = 20
/** Groups a chart asks for; more are reported as truncated. */
export const CHART_GROUP_LIMIT = 100
export const CHART_TYPES = ['bar', 'line', 'pie'] as const
export type ChartType = (typeof CHART_TYPES)[number]
export const MEASURE_FUNCTIONS = ['sum', 'avg', 'min', 'max'] as const
export type MeasureFunction = (typeof MEASURE_FUNCTIONS)[number]

/** A field as the page's scripts know it (the section's data-fields attribute). */
export interface ClientField {
  name: string
  type: string
  title: string
  index: boolean
}

/** Field types a chart can group by, and types whose values can be summed or averaged. */
export const GROUPABLE_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'date', 'year', 'boolean'])
export const MEASURABLE_TYPES: ReadonlySet<string> = new Set(['integer', 'number'])
/** Group keys with a natural order (a time line, a scale): charted in that order, not by size. */
const ORDERED_TYPES: ReadonlySet<string> = new Set(['integer', 'date', 'year'])

/** The `sort` value after clicking a column's sort link: ascending first, then descending, then ascending again. */
export function toggledSort(current: string | undefined, field: string): string {
  return sortDirection(current, field) === 'ascending' ? `-${field}` : field
}

/** How a column is sorted now, for aria-sort. */
export function sortDirection(current: string | undefined, field: string): 'ascending' | 'descending' | undefined {
  const first = current?.split(',')[0]?.trim()
  if (first === field) return 'ascending'
  if (first === `-${field}`) return 'descending'
  return undefined
}

/** The aggregate's output column of a measure: count, sum_aqi, … (the API's alias). */
export function measureColumn(measure: string): string {
  return measure.replace(':', '_')
}

/**
 * The order of a chart's groups: a time line or scale by its key, categories by their size (largest
 * first, ties by key) so that a bar or pie chart reads from the biggest share.
 */
export function chartSort(groupType: string, group: string, measure: string): string {
  return ORDERED_TYPES.has(groupType) ? group : `-${measure},${group}`
}

/** The API parameters of a chart: `/api/v1/datasets/{id}/aggregate?…`, filters included. */
export function aggregateParams(group: string, groupType: string, measure: string, filters: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return [
    ['_group_by', group],
    ['_agg', measure],
    ['_sort', chartSort(groupType, group, measure)],
    ['_limit', String(CHART_GROUP_LIMIT)],
    ...filters.map(([field, value]): [string, string] => [field, value]),
  ]
}

/** The API parameters of a preview page: `/api/v1/datasets/{id}/rows?…`. */
export function rowParams(sort: string | undefined, filters: ReadonlyArray<readonly [string, string]>, cursor: string | undefined): Array<[string, string]> {
  const params: Array<[string, string]> = [['_limit', String(PREVIEW_LIMIT)]]
  if (sort) params.push(['_sort', sort])
  if (cursor) params.push(['_cursor', cursor])
  for (const [field, value] of filters) params.push([field, value])
  if (filters.length) params.push(['_count', 'exact'])
  return params
}

/** A cell as text: booleans in words; null is shown by the caller as a muted dash with a hidden word. */
export function cellText(value: unknown, lang: 'zh' | 'en'): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'yes') : (lang === 'zh' ? '否' : 'no')
  return String(value)
}

/** The hidden word read out for a null cell. */
export const NULL_WORD = { zh: '空值', en: 'null' } as const
