import type { DatasetSummary } from '../../store/types.ts'
import type { PageContext } from '../context.ts'
import { highlight } from '../highlight.ts'
import { localized, type Bilingual } from '../i18n/lang.ts'
import { fill, formatCount, frequencyLabel, gradeLabel, isoDate, openLabel, themeName } from '../search-labels.ts'

const TEXT = {
  provider: { zh: '提供单位', en: 'Provider' },
  theme: { zh: '主题', en: 'Theme' },
  rows: { zh: '数据量', en: 'Rows' },
  rowCount: { zh: '{n} 行', en: '{n} rows' },
  oneRow: { zh: '1 行', en: '1 row' },
  noRows: { zh: '暂无数据', en: 'no data' },
  frequency: { zh: '更新频率', en: 'Updated' },
  updated: { zh: '最近更新', en: 'Last updated' },
  access: { zh: '分级与开放属性', en: 'Grade and open attribute' },
} as const satisfies Record<string, Bilingual>

/** A text with the words of a search in <mark>: the segments are data, each one escaped like any text. */
export function Marked({ text, q }: { text: string; q: string | undefined }) {
  return <>{highlight(text, q).map((s) => (s.marked ? <mark>{s.text}</mark> : s.text))}</>
}

/** Descriptions on cards are cut to a few lines; the dataset page has the whole text. */
const DESCRIPTION_CHARS = 160

function shortened(text: string): string {
  const chars = [...text]
  return chars.length > DESCRIPTION_CHARS ? `${chars.slice(0, DESCRIPTION_CHARS).join('').trimEnd()}…` : text
}

export interface DatasetCardProps {
  ctx: PageContext
  dataset: DatasetSummary
  /** From the catalog entry, where the list has it (search results). */
  description?: string | undefined
  updateFrequency?: string | undefined
  /** The search words to mark in the title and description. */
  q?: string | undefined
  /** The card title's heading level: one below the section holding the list. */
  level?: 2 | 3
}

/** A dataset in a list (home, search results): title linking to its page, provider, theme, grade, open attribute, size, date. */
export function DatasetCard({ ctx, dataset, description, updateFrequency, q, level = 3 }: DatasetCardProps) {
  const title = localized(ctx.lang, dataset.title, dataset.title_en)
  const Heading = level === 2 ? 'h2' : 'h3'
  const rows = dataset.row_count === null ? ctx.t(TEXT.noRows)
    : dataset.row_count === 1 ? ctx.t(TEXT.oneRow) : fill(ctx.t(TEXT.rowCount), { n: formatCount(ctx, dataset.row_count) })
  return (
    <li class="card dataset-card">
      <Heading>
        <a class="dataset-link" href={ctx.link(`/datasets/${dataset.id}`)}><Marked text={title} q={q} /></a>
      </Heading>
      <ul class="badges" aria-label={ctx.t(TEXT.access)}>
        <li class={`badge badge-grade-${dataset.grade}`}>{gradeLabel(ctx, dataset.grade)}</li>
        <li class={`badge badge-open-${dataset.open}`}>{openLabel(ctx, dataset.open)}</li>
      </ul>
      {description ? <p class="dataset-description"><Marked text={shortened(description)} q={q} /></p> : null}
      <dl class="meta dataset-meta">
        <dt>{ctx.t(TEXT.provider)}</dt>
        <dd>{dataset.provider}</dd>
        <dt>{ctx.t(TEXT.theme)}</dt>
        <dd>{themeName(ctx, dataset.theme)}</dd>
        <dt>{ctx.t(TEXT.rows)}</dt>
        <dd>{rows}</dd>
        {updateFrequency ? <><dt>{ctx.t(TEXT.frequency)}</dt><dd>{frequencyLabel(ctx, updateFrequency)}</dd></> : null}
        <dt>{ctx.t(TEXT.updated)}</dt>
        <dd><time datetime={dataset.updated_at}>{isoDate(dataset.updated_at)}</time></dd>
      </dl>
    </li>
  )
}
