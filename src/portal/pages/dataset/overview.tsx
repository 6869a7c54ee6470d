import type { CatalogEntry } from '../../../catalog/schema.ts'
import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import { FREQUENCY_TEXT } from '../../i18n/common.ts'
import { localized, type Bilingual } from '../../i18n/lang.ts'
import { formatCount, formatDate, formatDateTime } from '../../format.ts'

export const OVERVIEW_TEXT = {
  heading: { zh: '概况', en: 'Overview' },
  noDescription: { zh: '提供单位未填写描述。', en: 'The provider wrote no description.' },
  provider: { zh: '提供单位', en: 'Provider' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  theme: { zh: '主题', en: 'Theme' },
  keywords: { zh: '关键词', en: 'Keywords' },
  license: { zh: '许可协议', en: 'Licence' },
  frequency: { zh: '更新频率', en: 'Update frequency' },
  temporal: { zh: '时间范围', en: 'Time covered' },
  spatial: { zh: '空间范围', en: 'Area covered' },
  updated: { zh: '最近更新', en: 'Last updated' },
  rows: { zh: '行数', en: 'Rows' },
  version: { zh: '当前版本', en: 'Current version' },
  primaryKey: { zh: '主键', en: 'Primary key' },
  unstated: { zh: '未说明', en: 'Not stated' },
  noVersion: { zh: '暂无已发布的版本', en: 'No version published' },
  from: { zh: '起', en: 'from' },
  until: { zh: '止', en: 'until' },
  beijing: { zh: '（北京时间）', en: ' (Beijing time)' },
  keywordSearch: { zh: '查找带此关键词的数据集', en: 'Find datasets with this keyword' },
} as const satisfies Record<string, Bilingual>


function temporalText(ctx: PageContext, temporal: CatalogEntry['temporal']): string | undefined {
  if (!temporal || (!temporal.start && !temporal.end)) return undefined
  if (temporal.start && temporal.end) return `${temporal.start} – ${temporal.end}`
  if (temporal.start) return ctx.lang === 'zh' ? `${temporal.start} ${OVERVIEW_TEXT.from.zh}` : `${OVERVIEW_TEXT.from.en} ${temporal.start}`
  return ctx.lang === 'zh' ? `${temporal.end} ${OVERVIEW_TEXT.until.zh}` : `${OVERVIEW_TEXT.until.en} ${temporal.end}`
}

export function OverviewSection({ ctx, dataset }: { ctx: PageContext; dataset: DatasetRecord }) {
  const { t } = ctx
  const { entry, current } = dataset
  const theme = ctx.themes.find((th) => th.name === entry.theme)
  const themeName = localized(ctx.lang, entry.theme, theme?.name_en)
  const keywords = entry.keywords ?? []
  const temporal = temporalText(ctx, entry.temporal)
  const pkField = entry.primary_key ? (current?.fields ?? entry.fields).find((f) => f.name === entry.primary_key) : undefined
  const unstated = <span class="muted">{t(OVERVIEW_TEXT.unstated)}</span>
  return (
    <section id="overview" aria-labelledby="overview-heading">
      <h2 id="overview-heading">{t(OVERVIEW_TEXT.heading)}</h2>
      {entry.description ? <p class="description">{entry.description}</p> : <p class="muted">{t(OVERVIEW_TEXT.noDescription)}</p>}
      <dl class="metadata">
        <dt>{t(OVERVIEW_TEXT.provider)}</dt>
        <dd>
          <a href={ctx.link('/datasets', { provider: entry.provider.name })}>{entry.provider.name}</a>
          {entry.provider.code ? <><br /><span class="muted">{t(OVERVIEW_TEXT.creditCode)}{ctx.lang === 'zh' ? '：' : ': '}</span><code class="credit-code">{entry.provider.code}</code></> : null}
        </dd>
        <dt>{t(OVERVIEW_TEXT.theme)}</dt>
        <dd><a href={ctx.link('/datasets', { theme: entry.theme })}>{themeName}</a></dd>
        <dt>{t(OVERVIEW_TEXT.keywords)}</dt>
        <dd>
          {keywords.length === 0 ? unstated : (
            <ul class="keywords" aria-label={t(OVERVIEW_TEXT.keywords)}>
              {keywords.map((k) => <li><a class="badge keyword" href={ctx.link('/datasets', { keyword: k })} title={t(OVERVIEW_TEXT.keywordSearch)}>{k}</a></li>)}
            </ul>
          )}
        </dd>
        <dt>{t(OVERVIEW_TEXT.license)}</dt>
        <dd>{entry.license ?? unstated}</dd>
        <dt>{t(OVERVIEW_TEXT.frequency)}</dt>
        <dd>{entry.update_frequency ? t(FREQUENCY_TEXT[entry.update_frequency]) : unstated}</dd>
        <dt>{t(OVERVIEW_TEXT.temporal)}</dt>
        <dd>{temporal ?? unstated}</dd>
        <dt>{t(OVERVIEW_TEXT.spatial)}</dt>
        <dd>{entry.spatial ?? unstated}</dd>
        <dt>{t(OVERVIEW_TEXT.updated)}</dt>
        <dd><time datetime={dataset.updatedAt}>{formatDateTime(dataset.updatedAt)}</time>{t(OVERVIEW_TEXT.beijing)}</dd>
        <dt>{t(OVERVIEW_TEXT.version)}</dt>
        <dd>
          {current
            ? <><a href="#versions">v{current.version}</a>{' '}<span class="muted">(<time datetime={current.publishedAt}>{formatDate(current.publishedAt)}</time>)</span></>
            : <span class="muted">{t(OVERVIEW_TEXT.noVersion)}</span>}
        </dd>
        <dt>{t(OVERVIEW_TEXT.rows)}</dt>
        <dd>{current ? formatCount(ctx.lang, current.rowCount) : <span class="muted">—</span>}</dd>
        <dt>{t(OVERVIEW_TEXT.primaryKey)}</dt>
        <dd>
          {entry.primary_key
            ? <><code>{entry.primary_key}</code>{pkField ? <> ({localized(ctx.lang, pkField.title, pkField.title_en)})</> : null}</>
            : unstated}
        </dd>
      </dl>
    </section>
  )
}
