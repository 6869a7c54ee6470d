import { previousVersion } from '../changes/version-pair.ts'
import type { DatasetRecord, VersionInfo } from '../store/types.ts'
import { pickVersion } from './download/pick-version.ts'
import { HttpProblem } from './problem.ts'
import { badQuery } from './query-route.ts'

/**
 * The two versions a request for changes compares (GET …/versions/{version}/changes, gongkai changes):
 * `to` (the current one unless named) and `from` (changes/version-pair.ts unless named), each kept, or a
 * problem: 404 for a version that never was, 410 for one pruned or withdrawn (with why), 400 when `from`
 * is not before `to`, 404 for a first version, which has nothing to compare with.
 */
export function changesPair(dataset: DatasetRecord & { current: VersionInfo }, to: number | undefined, from: number | undefined): { from: VersionInfo; to: VersionInfo } {
  const later = pickVersion(dataset, to)
  if (from !== undefined && from >= later.version) {
    throw badQuery([{ path: 'from', message: `must be a version before ${later.version}: changes are listed from an earlier version to a later one` }])
  }
  if (from !== undefined) return { from: pickVersion(dataset, from), to: later }
  const previous = previousVersion(dataset, later)
  if ('kept' in previous) return { from: previous.kept, to: later }
  if (previous.missing === undefined) throw new HttpProblem(404, `version ${later.version} of ${dataset.id} is its first: there is no earlier version to compare it with`)
  return { from: pickVersion(dataset, previous.missing), to: later }
}
