import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'

/** Applying for conditionally open data; rendered only for conditional datasets. */
export function ApplySection({ ctx: _ctx, dataset }: { ctx: PageContext; dataset: DatasetRecord }) {
  return <section id="apply" aria-labelledby="apply-heading"><h2 id="apply-heading">Apply</h2><p>{dataset.id}</p></section>
}
