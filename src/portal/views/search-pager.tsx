import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { fill } from '../search-labels.ts'
import { searchHref, type SearchState } from '../search-query.ts'

const TEXT = {
  label: { zh: '搜索结果分页', en: 'Result pages' },
  prev: { zh: '上一页', en: 'Previous page' },
  next: { zh: '下一页', en: 'Next page' },
  position: { zh: '第 {page} 页，共 {pages} 页', en: 'Page {page} of {pages}' },
} as const satisfies Record<string, Bilingual>

/** Previous and next links with rel=prev/next, and where this page is: plain links, no JavaScript. */
export function SearchPager({ ctx, state, pages }: { ctx: PageContext; state: SearchState; pages: number }) {
  if (pages <= 1) return null
  const { page } = state
  return (
    <nav class="pager" aria-label={ctx.t(TEXT.label)}>
      {page > 1 ? <a rel="prev" href={searchHref(ctx, state, { page: page - 1 })}>{ctx.t(TEXT.prev)}</a> : null}
      <span class="muted">{fill(ctx.t(TEXT.position), { page, pages })}</span>
      {page < pages ? <a rel="next" href={searchHref(ctx, state, { page: page + 1 })}>{ctx.t(TEXT.next)}</a> : null}
    </nav>
  )
}
