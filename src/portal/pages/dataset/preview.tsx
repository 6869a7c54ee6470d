import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import type { PreviewModel } from '../../data/preview.ts'

export function PreviewSection({ ctx: _ctx, dataset: _dataset, preview }: { ctx: PageContext; dataset: DatasetRecord; preview: PreviewModel }) {
  return <section id="preview" aria-labelledby="preview-heading"><h2 id="preview-heading">Preview</h2><p>{preview.reason}</p></section>
}
