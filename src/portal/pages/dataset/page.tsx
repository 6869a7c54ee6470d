import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import type { ChartModel } from '../../data/chart.ts'
import type { PreviewModel } from '../../data/preview.ts'
import { localized } from '../../i18n/lang.ts'
import { Layout } from '../../views/layout.tsx'
import { ApplySection } from './apply.tsx'
import { ChartSection } from './chart.tsx'
import { PreviewSection } from './preview.tsx'

export interface DatasetPageProps {
  ctx: PageContext
  dataset: DatasetRecord
  preview: PreviewModel
  chart: ChartModel
}

export function DatasetPage({ ctx, dataset, preview, chart }: DatasetPageProps) {
  const title = localized(ctx.lang, dataset.entry.title, dataset.entry.title_en)
  return (
    <Layout ctx={ctx} title={title} section="datasets" scripts={['dataset.js']}>
      <h1>{title}</h1>
      <PreviewSection ctx={ctx} dataset={dataset} preview={preview} />
      <ChartSection ctx={ctx} dataset={dataset} chart={chart} />
      {dataset.entry.open === 'conditional' ? <ApplySection ctx={ctx} dataset={dataset} /> : null}
    </Layout>
  )
}
