import type { DatasetRecord, VersionInfo } from '../../store/types.ts'
import { HttpProblem } from '../problem.ts'
import { currentWithdrawnProblem, withdrawalOf, withdrawnProblem } from '../withdrawn.ts'

/**
 * The version a download is for: the current one, or a kept older one. A version older than every
 * kept one was pruned (410 Gone: it existed, it will not come back); anything else not kept never
 * was published (404). A withdrawn version (a stricter catalog entry, or gongkai purge) is 410 with the reason.
 */
export function pickVersion(dataset: DatasetRecord, requested?: number): VersionInfo {
  const { id } = dataset
  const kept = requested === undefined ? dataset.current : dataset.versions.find((v) => v.version === requested)
  if (kept) return kept
  const withdrawn = requested === undefined ? undefined : withdrawalOf(dataset, requested)
  if (withdrawn) throw withdrawnProblem(id, withdrawn)
  if (!dataset.current || requested === undefined) throw currentWithdrawnProblem(dataset) ?? new HttpProblem(404, `dataset ${id} has no published version: nothing to download`)
  const oldest = Math.min(...dataset.versions.map((v) => v.version))
  const list = dataset.versions.map((v) => v.version).join(', ')
  if (requested < oldest) throw new HttpProblem(410, `version ${requested} of ${id} is no longer kept (kept: ${list})`)
  throw new HttpProblem(404, `dataset ${id} has no version ${requested} (kept: ${list})`)
}
