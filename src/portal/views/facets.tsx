import { UPDATE_FREQUENCIES } from '../../catalog/schema.ts'
import { OPEN_ATTRIBUTES } from '../../config/grades.ts'
import type { FacetCount } from '../../store/types.ts'
import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { fill, formatCount, frequencyLabel, gradeLabel, openLabel, themeName } from '../search-labels.ts'
import { FILTERS, searchHref, toggleFilter, type FilterName, type SearchState } from '../search-query.ts'

const TEXT = {
  heading: { zh: '筛选', en: 'Filter' },
  theme: { zh: '主题', en: 'Theme' },
  grade: { zh: '分级', en: 'Grade' },
  open: { zh: '开放属性', en: 'Open attribute' },
  provider: { zh: '提供单位', en: 'Provider' },
  update_frequency: { zh: '更新频率', en: 'Update frequency' },
  count: { zh: '{n} 个数据集', en: '{n} datasets' },
  selected: { zh: '（已选中，点击取消）', en: ' (selected; select again to remove)' },
  none: { zh: '暂无', en: 'None' },
} as const satisfies Record<string, Bilingual>

export type FacetGroups = Readonly<Record<FilterName, readonly FacetCount[]>>

export function filterLabel(ctx: PageContext, name: FilterName): string {
  return ctx.t(TEXT[name])
}

/** A facet value in words: theme names and frequencies in the page language, grades and open attributes as the portal names them. */
export function facetValueLabel(ctx: PageContext, name: FilterName, value: string | number): string {
  switch (name) {
    case 'theme': return themeName(ctx, String(value))
    case 'grade': return gradeLabel(ctx, Number(value))
    case 'open': return openLabel(ctx, String(value))
    case 'update_frequency': return frequencyLabel(ctx, String(value))
    case 'provider': return String(value)
  }
}

/** Grades, open attributes and frequencies in their natural order; themes and providers by count (the store's order). */
function ordered(name: FilterName, values: FacetCount[]): FacetCount[] {
  const by = (order: readonly (string | number)[]) => [...values].sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value))
  if (name === 'grade') return [...values].sort((a, b) => Number(a.value) - Number(b.value))
  if (name === 'open') return by(OPEN_ATTRIBUTES)
  if (name === 'update_frequency') return by(UPDATE_FREQUENCIES)
  return values
}

/**
 * The facet groups of a search (aside#facets): every value a link to the same search with that value
 * added, or removed when it is the selected one, with the number of datasets it leads to. A group's
 * counts leave out its own filter, so the other values of a chosen group stay reachable.
 */
export function Facets({ ctx, state, groups }: { ctx: PageContext; state: SearchState; groups: FacetGroups }) {
  return (
    <aside id="facets" class="facets" aria-labelledby="facets-heading">
      <h2 id="facets-heading">{ctx.t(TEXT.heading)}</h2>
      {FILTERS.map((name) => {
        const selected = state.filters[name]
        const values = [...groups[name]]
        if (selected !== undefined && !values.some((v) => String(v.value) === String(selected))) values.push({ value: selected, count: 0 })
        return (
          <section class="facet-group" data-facet={name} aria-labelledby={`facet-${name}`}>
            <h3 id={`facet-${name}`}>{ctx.t(TEXT[name])}</h3>
            {values.length === 0 ? <p class="muted small">{ctx.t(TEXT.none)}</p> : (
              <ul>
                {ordered(name, values).map(({ value, count }) => {
                  const isSelected = selected !== undefined && String(selected) === String(value)
                  return (
                    <li>
                      <a
                        href={searchHref(ctx, toggleFilter(state, name, value), {})}
                        class={isSelected ? 'selected' : undefined}
                        aria-current={isSelected ? 'true' : undefined}
                        data-value={String(value)}
                      >
                        <span class="facet-value">
                          {isSelected ? <span aria-hidden="true">✓ </span> : null}
                          {facetValueLabel(ctx, name, value)}
                          {isSelected ? <span class="visually-hidden">{ctx.t(TEXT.selected)}</span> : null}
                        </span>
                        <span class="count">
                          <span aria-hidden="true">{formatCount(ctx, count)}</span>
                          <span class="visually-hidden">{fill(ctx.t(TEXT.count), { n: formatCount(ctx, count) })}</span>
                        </span>
                      </a>
                    </li>
                  )
                })}
              </ul>
            )}
          </section>
        )
      })}
    </aside>
  )
}
