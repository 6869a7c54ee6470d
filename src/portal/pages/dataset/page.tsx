import { readAccess } from '../../../access/policy.ts'
import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import type { ChartModel } from '../../data/chart.ts'
import type { PreviewModel } from '../../data/preview.ts'
import { GRADE_TEXT, OPEN_TEXT } from '../../i18n/common.ts'
import { localized, type Bilingual } from '../../i18n/lang.ts'
import { Layout } from '../../views/layout.tsx'
import { feedLink, Subscribe } from '../../views/subscribe.tsx'
import { AccessSection } from './access.tsx'
import { ApiSection } from './api-tab.tsx'
import { ApplySection } from './apply.tsx'
import { ChartSection } from './chart.tsx'
import { FieldsSection } from './fields.tsx'
import { OverviewSection } from './overview.tsx'
import { PreviewSection } from './preview.tsx'
import type { SnippetExample, VersionFiles } from './version-files.ts'
import { VersionsSection } from './versions.tsx'

export interface DatasetPageProps {
  ctx: PageContext
  dataset: DatasetRecord
  preview: PreviewModel
  chart: ChartModel
  /** The downloads of every kept version (none for a closed dataset). */
  files: readonly VersionFiles[]
  /** A filter on an indexed field for the API snippets. */
  example?: SnippetExample | undefined
}

const TEXT = {
  sections: { zh: '本页内容', en: 'On this page' },
  overview: { zh: '概况', en: 'Overview' },
  access: { zh: '访问权限', en: 'Access' },
  versions: { zh: '版本与下载', en: 'Versions and downloads' },
  fields: { zh: '字段说明', en: 'Fields' },
  preview: { zh: '数据预览', en: 'Preview' },
  chart: { zh: '图表', en: 'Chart' },
  api: { zh: 'API', en: 'API' },
  apply: { zh: '申请使用', en: 'Apply' },
  datasetId: { zh: '数据集标识', en: 'Dataset id' },
} as const satisfies Record<string, Bilingual>

type SectionId = 'overview' | 'access' | 'versions' | 'fields' | 'preview' | 'chart' | 'api' | 'apply'

/**
 * The dataset page: what the data is, who may read it and how, its versions and downloads, its
 * fields, then the preview, chart, API and apply sections. A dataset nobody may read (closed) or
 * with no published version has no preview or chart: there is nothing to show.
 */
export function DatasetPage({ ctx, dataset, preview, chart, files, example }: DatasetPageProps) {
  const { t } = ctx
  const { entry } = dataset
  const title = localized(ctx.lang, entry.title, entry.title_en)
  const hasData = readAccess(entry) !== 'nobody' && dataset.current !== undefined
  const conditional = entry.open === 'conditional'
  const sections: SectionId[] = ['overview', 'access', 'versions', 'fields', ...(hasData ? ['preview', 'chart'] as const : []), 'api', ...(conditional ? ['apply'] as const : [])]
  const feeds = [feedLink(ctx, { kind: 'dataset', datasetId: dataset.id }, title)]
  return (
    <Layout ctx={ctx} title={title} section="datasets" scripts={['dataset.js']} feeds={feeds}>
      <h1>{title}</h1>
      <p class="dataset-badges">
        <span class={`badge badge-grade-${entry.grade}`}>{t(GRADE_TEXT[entry.grade].label)}</span>{' '}
        <span class={`badge badge-open-${entry.open}`}>{t(OPEN_TEXT[entry.open].label)}</span>{' '}
        <span class="muted">{t(TEXT.datasetId)}{ctx.lang === 'zh' ? '：' : ': '}<code>{dataset.id}</code></span>
      </p>
      <Subscribe ctx={ctx} feeds={feeds} />
      <nav id="sections" class="tabs" aria-label={t(TEXT.sections)}>
        <ul>
          {sections.map((id) => <li><a href={`#${id}`}>{t(TEXT[id])}</a></li>)}
        </ul>
      </nav>
      <OverviewSection ctx={ctx} dataset={dataset} />
      <AccessSection ctx={ctx} dataset={dataset} />
      <VersionsSection ctx={ctx} dataset={dataset} files={files} />
      <FieldsSection ctx={ctx} dataset={dataset} />
      {hasData ? <PreviewSection ctx={ctx} dataset={dataset} preview={preview} /> : null}
      {hasData ? <ChartSection ctx={ctx} dataset={dataset} chart={chart} /> : null}
      <ApiSection ctx={ctx} dataset={dataset} example={example} />
      {conditional ? <ApplySection ctx={ctx} dataset={dataset} /> : null}
    </Layout>
  )
}
