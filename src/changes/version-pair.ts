import type { DatasetRecord, VersionInfo } from '../store/types.ts'

/**
 * The version a version's changes are listed against when none is named (the API's `from`, the CLI's
 * --from): the one its summary was computed against at ingest, if still kept, so that the list agrees with
 * the summary in the metadata; else the newest kept version before it. Without one, `missing` is the
 * version just before, whose rows are gone (pruned or withdrawn: the caller says which, and why), or
 * absent for a dataset's first version, which has nothing before it.
 */
export type Previous = { kept: VersionInfo } | { missing?: number }

export function previousVersion(dataset: DatasetRecord, to: VersionInfo): Previous {
  const summarised = to.changes && dataset.versions.find((v) => v.version === to.changes?.from)
  if (summarised) return { kept: summarised }
  // kept versions are newest first
  const earlier = dataset.versions.find((v) => v.version < to.version)
  if (earlier) return { kept: earlier }
  return to.version > 1 ? { missing: to.version - 1 } : {}
}
