import type { DatasetPage, DatasetSummary } from '../../store/types.ts'
import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { fill, formatCount } from '../search-labels.ts'
import { activeFilters, PER_PAGE, searchHref, searchParams, withoutFilter, type SearchState } from '../search-query.ts'
import { DatasetCard } from '../views/dataset-card.tsx'
import { facetValueLabel, Facets, filterLabel, type FacetGroups } from '../views/facets.tsx'
import { Layout } from '../views/layout.tsx'
import { SearchForm, SortForm, type HiddenFields } from '../views/search-form.tsx'
import { SearchPager } from '../views/search-pager.tsx'
import { feedLink, Subscribe, type FeedLink } from '../views/subscribe.tsx'

const TEXT = {
  title: { zh: '数据目录', en: 'Datasets' },
  titleQuery: { zh: '“{q}”的搜索结果', en: 'Results for “{q}”' },
  results: { zh: '搜索结果', en: 'Results' },
  count: { zh: '共 {n} 个数据集', en: '{n} datasets' },
  countOne: { zh: '共 1 个数据集', en: '1 dataset' },
  countQuery: { zh: '找到 {n} 个与“{q}”相关的数据集', en: '{n} datasets match “{q}”' },
  countQueryOne: { zh: '找到 1 个与“{q}”相关的数据集', en: '1 dataset matches “{q}”' },
  range: { zh: '，当前显示第 {from}–{to} 个', en: ', showing {from}–{to}' },
  active: { zh: '当前筛选条件', en: 'Active filters' },
  remove: { zh: '取消筛选：{label}', en: 'Remove filter: {label}' },
  clearAll: { zh: '清除全部条件', en: 'Clear all' },
  empty: { zh: '没有找到符合条件的数据集', en: 'No dataset matches this search' },
  searched: { zh: '您搜索的是：', en: 'You searched for: ' },
  words: { zh: '关键词“{q}”', en: 'the words “{q}”' },
  filteredBy: { zh: '筛选条件', en: 'filters' },
  suggestions: { zh: '可以试试：', en: 'You could:' },
  removeOne: { zh: '去掉“{label}”这一条件', en: 'remove the filter “{label}”' },
  keepFilters: { zh: '只按筛选条件浏览，不用关键词', en: 'browse these filters without the words' },
  spelling: {
    zh: '检查错别字，或换一个更短、更常用的词：中文只输入词的一部分也能找到（如“空气”）',
    en: 'check the spelling, or try a shorter, more common word: part of a Chinese word is enough (e.g. 空气)',
  },
  browseAll: { zh: '浏览全部数据集', en: 'browse all datasets' },
} as const satisfies Record<string, Bilingual>

export interface SearchPageProps {
  ctx: PageContext
  state: SearchState
  result: DatasetPage
  groups: FacetGroups
  /** Catalog entry details of the listed datasets, by id (descriptions, update frequency). */
  details: ReadonlyMap<string, { description?: string | undefined; updateFrequency?: string | undefined }>
  pages: number
  /** `lang` when the visitor chose one: GET forms carry it like links do. */
  langField: HiddenFields
}

function ResultCount({ ctx, state, total }: { ctx: PageContext; state: SearchState; total: number }) {
  const n = formatCount(ctx, total)
  const text = state.q
    ? fill(ctx.t(total === 1 ? TEXT.countQueryOne : TEXT.countQuery), { n, q: state.q })
    : fill(ctx.t(total === 1 ? TEXT.countOne : TEXT.count), { n })
  const from = (state.page - 1) * PER_PAGE + 1
  const to = Math.min(total, state.page * PER_PAGE)
  const range = total > PER_PAGE ? fill(ctx.t(TEXT.range), { from: formatCount(ctx, from), to: formatCount(ctx, to) }) : ''
  return <p id="result-count">{text}{range}</p>
}

/** The chosen filters, each with a link that removes it. */
function ActiveFilters({ ctx, state }: { ctx: PageContext; state: SearchState }) {
  const active = activeFilters(state)
  if (active.length === 0) return null
  return (
    <div class="active-filters">
      <p class="muted small" id="active-filters-label">{ctx.t(TEXT.active)}</p>
      <ul class="badges" aria-labelledby="active-filters-label">
        {active.map((name) => {
          const label = `${filterLabel(ctx, name)}：${facetValueLabel(ctx, name, state.filters[name]!)}`
          return <li><a class="badge remove-filter" href={searchHref(ctx, withoutFilter(state, name), {})}>{fill(ctx.t(TEXT.remove), { label })}<span aria-hidden="true"> ✕</span></a></li>
        })}
        {active.length > 1 ? <li><a class="badge" href={searchHref(ctx, { ...state, filters: {} }, {})}>{ctx.t(TEXT.clearAll)}</a></li> : null}
      </ul>
    </div>
  )
}

/** The helpful empty state: what was searched, and ways on (fewer filters, no words, spelling, everything). */
function NoResults({ ctx, state }: { ctx: PageContext; state: SearchState }) {
  const active = activeFilters(state)
  const described = [
    ...(state.q ? [fill(ctx.t(TEXT.words), { q: state.q })] : []),
    ...active.map((name) => `${filterLabel(ctx, name)}：${facetValueLabel(ctx, name, state.filters[name]!)}`),
  ]
  return (
    <div id="no-results">
      <h3>{ctx.t(TEXT.empty)}</h3>
      {described.length > 0 ? <p>{ctx.t(TEXT.searched)}{described.join(ctx.lang === 'zh' ? '；' : '; ')}</p> : null}
      <p>{ctx.t(TEXT.suggestions)}</p>
      <ul>
        {active.map((name) => {
          const label = `${filterLabel(ctx, name)}：${facetValueLabel(ctx, name, state.filters[name]!)}`
          return <li><a class="remove-filter" href={searchHref(ctx, withoutFilter(state, name), {})}>{fill(ctx.t(TEXT.removeOne), { label })}</a></li>
        })}
        {state.q && active.length > 0 ? <li><a href={searchHref(ctx, { ...state, q: undefined }, {})}>{ctx.t(TEXT.keepFilters)}</a></li> : null}
        {state.q ? <li>{ctx.t(TEXT.spelling)}</li> : null}
        <li><a class="browse-all" href={ctx.link('/datasets')}>{ctx.t(TEXT.browseAll)}</a></li>
      </ul>
    </div>
  )
}

function resultList(ctx: PageContext, state: SearchState, items: DatasetSummary[], details: SearchPageProps['details']) {
  return (
    <ol id="results" class="results">
      {items.map((dataset) => {
        const detail = details.get(dataset.id)
        return <DatasetCard ctx={ctx} dataset={dataset} description={detail?.description} updateFrequency={detail?.updateFrequency} q={state.q} level={3} />
      })}
    </ol>
  )
}

/**
 * The feeds of a search filtered by a theme or a provider: the theme's when it is one of the taxonomy, the
 * provider's when the search found its datasets (a mistyped name has no feed to link to).
 */
function searchFeeds(ctx: PageContext, state: SearchState, total: number): FeedLink[] {
  const { theme, provider } = state.filters
  return [
    ...(theme !== undefined && ctx.themes.some((th) => th.name === String(theme)) ? [feedLink(ctx, { kind: 'theme', theme: String(theme) })] : []),
    ...(provider !== undefined && total > 0 ? [feedLink(ctx, { kind: 'provider', provider: String(provider) })] : []),
  ]
}

/** GET /datasets: the search box, facets, result count, sort, results with the words marked, pager or the empty state. */
export function SearchPage({ ctx, state, result, groups, details, pages, langField }: SearchPageProps) {
  const params = searchParams({ ...state, page: 1 })
  const { q: _q, ...filterFields } = params
  const { sort: _sort, ...sortKept } = params
  const title = state.q ? fill(ctx.t(TEXT.titleQuery), { q: state.q }) : ctx.t(TEXT.title)
  const feeds = searchFeeds(ctx, state, result.total)
  return (
    <Layout ctx={ctx} title={title} section="datasets" feeds={feeds}>
      <h1>{ctx.t(TEXT.title)}</h1>
      <SearchForm ctx={ctx} q={state.q} hidden={{ ...filterFields, ...langField }} />
      <div class="search-layout">
        <Facets ctx={ctx} state={state} groups={groups} />
        <section class="search-results" aria-labelledby="results-heading">
          <h2 id="results-heading" class="visually-hidden">{ctx.t(TEXT.results)}</h2>
          <ResultCount ctx={ctx} state={state} total={result.total} />
          <ActiveFilters ctx={ctx} state={state} />
          <Subscribe ctx={ctx} feeds={feeds} />
          {result.total === 0 ? <NoResults ctx={ctx} state={state} /> : (
            <>
              <SortForm ctx={ctx} sort={state.sort} hidden={{ ...sortKept, ...langField }} />
              {resultList(ctx, state, result.items, details)}
              <SearchPager ctx={ctx} state={state} pages={pages} />
            </>
          )}
        </section>
      </div>
    </Layout>
  )
}
