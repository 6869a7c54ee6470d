import { Type, type Static } from '@sinclair/typebox'
import { UPDATE_FREQUENCIES } from '../catalog/schema.ts'
import { OPEN_ATTRIBUTES } from '../config/grades.ts'
import type { DatasetSearch } from '../store/types.ts'
import type { LinkParams, PageContext } from './context.ts'

/**
 * The query string of the search page, /datasets: every state of the search (words, facet filters,
 * sort, page) is a shareable URL that works without JavaScript. Values the page cannot mean (page=abc,
 * grade=9) are a 400 page; parameters it does not know (utm_source) are ignored.
 */
export const SEARCH_SORTS = ['relevance', 'updated', 'title', 'rows'] as const
export type SearchSort = (typeof SEARCH_SORTS)[number]

/** What each sort of the page asks of the store. */
export const STORE_SORT: Readonly<Record<SearchSort, DatasetSearch['sort']>> = {
  relevance: 'relevance',
  updated: '-updated_at',
  title: 'title',
  rows: '-row_count',
}

/** The facet filters, in the order their groups are shown. */
export const FILTERS = ['theme', 'grade', 'open', 'provider', 'update_frequency'] as const
export type FilterName = (typeof FILTERS)[number]

export const PER_PAGE = 20
const MAX_PAGE = 100_000

export const SearchPageQuery = Type.Object({
  lang: Type.Optional(Type.String()),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  theme: Type.Optional(Type.String({ maxLength: 200 })),
  grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  open: Type.Optional(Type.Union(OPEN_ATTRIBUTES.map((o) => Type.Literal(o)))),
  provider: Type.Optional(Type.String({ maxLength: 200 })),
  update_frequency: Type.Optional(Type.Union(UPDATE_FREQUENCIES.map((f) => Type.Literal(f)))),
  sort: Type.Optional(Type.Union(SEARCH_SORTS.map((s) => Type.Literal(s)))),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
}, { additionalProperties: true })
export type SearchPageQuery = Static<typeof SearchPageQuery>

export type Filters = Partial<Record<FilterName, string | number>>

/** A search as the page understands it: blank values (an empty search box) mean no value. */
export interface SearchState {
  q?: string
  filters: Filters
  sort: SearchSort
  page: number
}

export function searchState(query: SearchPageQuery): SearchState {
  const filters: Filters = {}
  for (const name of FILTERS) {
    const value = query[name]
    if (typeof value === 'number') filters[name] = value
    else if (typeof value === 'string' && value.trim() !== '') filters[name] = value.trim()
  }
  const q = query.q?.trim()
  return { ...(q ? { q } : {}), filters, sort: query.sort ?? 'relevance', page: query.page ?? 1 }
}

export function activeFilters(state: SearchState): FilterName[] {
  return FILTERS.filter((name) => state.filters[name] !== undefined)
}

/** The store search of a state (with some filters left out: the counts of their facet groups). */
export function storeSearch(state: SearchState, options: { without?: FilterName; page?: number; perPage?: number } = {}): DatasetSearch {
  const f = { ...state.filters }
  if (options.without) delete f[options.without]
  return {
    ...(state.q ? { q: state.q } : {}),
    ...(f.theme !== undefined ? { theme: String(f.theme) } : {}),
    ...(f.grade !== undefined ? { grade: Number(f.grade) } : {}),
    ...(f.open !== undefined ? { open: String(f.open) } : {}),
    ...(f.provider !== undefined ? { provider: String(f.provider) } : {}),
    ...(f.update_frequency !== undefined ? { updateFrequency: String(f.update_frequency) } : {}),
    sort: STORE_SORT[state.sort],
    page: options.page ?? state.page,
    perPage: options.perPage ?? PER_PAGE,
  }
}

/** The query parameters of a state, defaults left out so that equal searches have one URL. */
export function searchParams(state: SearchState): Record<string, string | number> {
  const params: Record<string, string | number> = {}
  if (state.q) params.q = state.q
  for (const name of FILTERS) {
    const value = state.filters[name]
    if (value !== undefined) params[name] = value
  }
  if (state.sort !== 'relevance') params.sort = state.sort
  if (state.page !== 1) params.page = state.page
  return params
}

/** A link to the search page in another state; any change but paging starts again at page 1. */
export function searchHref(ctx: PageContext, state: SearchState, change: Partial<SearchState>): string {
  const next: SearchState = { ...state, page: 1, ...change }
  return ctx.link('/datasets', searchParams(next) as LinkParams)
}

/** The same search with a facet value added (replacing the group's value) or, when it is the selected one, removed. */
export function toggleFilter(state: SearchState, name: FilterName, value: string | number): SearchState {
  const filters = { ...state.filters }
  if (String(filters[name]) === String(value)) delete filters[name]
  else filters[name] = value
  return { ...state, filters, page: 1 }
}

export function withoutFilter(state: SearchState, name: FilterName): SearchState {
  const filters = { ...state.filters }
  delete filters[name]
  return { ...state, filters, page: 1 }
}
