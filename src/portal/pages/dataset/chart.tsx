import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import type { ChartModel } from '../../data/chart.ts'

export function ChartSection({ ctx: _ctx, dataset: _dataset, chart }: { ctx: PageContext; dataset: DatasetRecord; chart: ChartModel }) {
  return <section id="chart" aria-labelledby="chart-heading"><h2 id="chart-heading">Chart</h2><p>{chart.reason}</p></section>
}
