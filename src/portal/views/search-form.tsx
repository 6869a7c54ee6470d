import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { SEARCH_SORTS, type SearchSort } from '../search-query.ts'

const TEXT = {
  label: { zh: '搜索数据集', en: 'Search the datasets' },
  placeholder: { zh: '例如：空气质量、行政处罚', en: 'e.g. air quality, penalties' },
  hint: { zh: '可输入中文词语的一部分，多个词用空格分开', en: 'Part of a Chinese word matches; separate several words with spaces' },
  submit: { zh: '搜索', en: 'Search' },
  sortLabel: { zh: '排序方式', en: 'Sort by' },
  sortSubmit: { zh: '应用排序', en: 'Apply' },
} as const satisfies Record<string, Bilingual>

export const SORT_TEXT: Readonly<Record<SearchSort, Bilingual>> = {
  relevance: { zh: '相关度', en: 'Relevance' },
  updated: { zh: '最近更新', en: 'Recently updated' },
  title: { zh: '标题', en: 'Title' },
  rows: { zh: '数据量（多到少）', en: 'Rows (most first)' },
}

/** Values a GET form must carry along unchanged: the other filters, the chosen language. */
export type HiddenFields = Readonly<Record<string, string | number>>

function Hidden({ fields }: { fields: HiddenFields }) {
  return <>{Object.entries(fields).map(([name, value]) => <input type="hidden" name={name} value={String(value)} />)}</>
}

/** The search box (home and results): a plain GET form to /datasets, so it works without JavaScript. */
export function SearchForm({ ctx, q, hidden = {} }: { ctx: PageContext; q?: string | undefined; hidden?: HiddenFields }) {
  return (
    <form id="search-form" class="search-form" role="search" action="/datasets" method="get">
      <label for="q">{ctx.t(TEXT.label)}</label>
      <input id="q" name="q" type="search" value={q ?? ''} maxLength={200} placeholder={ctx.t(TEXT.placeholder)} aria-describedby="q-hint" />
      <Hidden fields={hidden} />
      <button type="submit">{ctx.t(TEXT.submit)}</button>
      <p id="q-hint" class="muted small">{ctx.t(TEXT.hint)}</p>
    </form>
  )
}

/** The sort of the results: a GET form keeping the search and filters as hidden fields, with a button for browsers without JavaScript. */
export function SortForm({ ctx, sort, hidden }: { ctx: PageContext; sort: SearchSort; hidden: HiddenFields }) {
  return (
    <form id="sort-form" class="sort-form" action="/datasets" method="get">
      <Hidden fields={hidden} />
      <div class="form-row">
        <label for="sort">{ctx.t(TEXT.sortLabel)}</label>
        <select id="sort" name="sort">
          {SEARCH_SORTS.map((s) => <option value={s} selected={s === sort}>{ctx.t(SORT_TEXT[s])}</option>)}
        </select>
        <button type="submit" class="secondary">{ctx.t(TEXT.sortSubmit)}</button>
      </div>
    </form>
  )
}
