import { Type, type Static } from '@sinclair/typebox'

/**
 * The query string of a dataset page: every preview and chart state is a shareable URL that works
 * without JavaScript. Preview: `sort` (a field, `-field` descending), `f.<field>` equality filters on
 * indexed fields, `cursor` (the preview's next page). Chart: `group` (a field), `measure` (`count` or
 * `sum|avg|min|max:<number field>`), `chart` (bar | line | pie).
 */
export const DatasetPageQuery = Type.Object({
  lang: Type.Optional(Type.String()),
  sort: Type.Optional(Type.String({ maxLength: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 4000 })),
  group: Type.Optional(Type.String({ maxLength: 200 })),
  measure: Type.Optional(Type.String({ maxLength: 200 })),
  // any text: an unknown chart type is a notice in the chart section, not a 400 for the whole page
  chart: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: Type.String({ maxLength: 1000 }) })
/** The named parameters, and `f.<field>` (and anything else, such as utm_*) as strings. */
export type DatasetPageQuery = Static<typeof DatasetPageQuery> & Readonly<Record<string, string | undefined>>

/** The prefix of a preview filter parameter: `f.district=东城区`. */
export const FILTER_PREFIX = 'f.'

/** The preview's state as the page URL gives it; empty filter inputs (a submitted form sends them all) are no filter. */
export interface PreviewState {
  sort?: string
  /** [field, value] in URL order. */
  filters: Array<[string, string]>
  cursor?: string
}

export function previewState(query: DatasetPageQuery): PreviewState {
  const filters: Array<[string, string]> = []
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith(FILTER_PREFIX) || typeof value !== 'string' || value.trim() === '') continue
    filters.push([name.slice(FILTER_PREFIX.length), value.trim()])
  }
  return {
    ...(query.sort?.trim() ? { sort: query.sort.trim() } : {}),
    filters,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }
}

export interface ChartState {
  group?: string
  measure: string
  chart: 'bar' | 'line' | 'pie'
  /** A `chart` value that is none of these (drawn as a bar chart, and said so). */
  unknownChart?: string
}

export function chartState(query: DatasetPageQuery): ChartState {
  return {
    ...(query.group?.trim() ? { group: query.group.trim() } : {}),
    measure: query.measure?.trim() || 'count',
    chart: query.chart === 'line' || query.chart === 'pie' ? query.chart : 'bar',
    ...(query.chart && query.chart !== 'bar' && query.chart !== 'line' && query.chart !== 'pie' ? { unknownChart: query.chart } : {}),
  }
}

/** Parameters of the API's query errors as the page names them, so a notice points at what the visitor can change. */
export function pageParamName(apiPath: string): string {
  switch (apiPath) {
    case '_sort':
      return 'sort'
    case '_cursor':
      return 'cursor'
    case '_group_by':
      return 'group'
    case '_agg':
      return 'measure'
    default:
      return apiPath.startsWith('_') ? apiPath : `${FILTER_PREFIX}${apiPath.replace(/__.*$/, '')}`
  }
}

/**
 * Link parameters of this dataset page with some changed (undefined removes one): every preview and
 * chart parameter is carried over, anything else (utm_*, lang — which ctx.link adds) is not.
 */
export function pageLinkParams(query: DatasetPageQuery, changes: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string' || value === '') continue
    if (name === 'sort' || name === 'cursor' || name === 'group' || name === 'measure' || name === 'chart' || name.startsWith(FILTER_PREFIX)) params[name] = value
  }
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete params[name]
    else params[name] = value
  }
  return params
}

/** What a section needs to build links and forms that keep the rest of the page's state. */
export interface PageLinks {
  /** The page's preview and chart parameters (pageLinkParams). */
  params: Record<string, string>
  /** The language the visitor chose with the switch, for hidden form inputs (links get it from ctx.link). */
  lang?: 'zh' | 'en'
}

export function pageLinks(query: DatasetPageQuery): PageLinks {
  return { params: pageLinkParams(query), ...(query.lang === 'zh' || query.lang === 'en' ? { lang: query.lang } : {}) }
}

/** The params with some changed; undefined removes one (ctx.link skips it). */
export function withParams(params: Readonly<Record<string, string>>, changes: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return { ...params, ...changes }
}

/** The params without any preview filter (the "clear filters" link). */
export function withoutFilters(params: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => !name.startsWith(FILTER_PREFIX)))
}
