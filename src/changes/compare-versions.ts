import type { CellValue } from '../catalog/values.ts'
import type { ChangeSummary } from '../store/change-types.ts'
import type { DatasetStore, VersionInfo } from '../store/types.ts'
import { matchByContent, type ContentMatch } from './content-match.ts'
import { fieldChanges, sameRule, sharedColumns } from './field-changes.ts'
import { mergeByKey } from './key-merge.ts'
import { RowScan } from './row-scan.ts'

/**
 * What changed between two versions of a dataset (issue 12 §1): the schema field by field, and the rows,
 * matched by primary key when both versions have the same one (same field, type and rule: a key retyped
 * or rehashed names other rows) and by content otherwise. Read from the store's versions, so published
 * values only: what changed is what a reader of the API could have seen change.
 */
export type ComparedVersion = Pick<VersionInfo, 'version' | 'fields' | 'primaryKey' | 'rowCount'>

export type Matching = ChangeSummary['matchedBy']

/** Rows per batch of either scan: large enough that a batch costs little more than its rows. */
export const SCAN_BATCH_ROWS = 4096

export function matchingOf(from: ComparedVersion, to: ComparedVersion): Matching {
  const key = from.primaryKey
  if (key === undefined || key !== to.primaryKey) return 'content'
  const before = from.fields.find((f) => f.name === key)
  const after = to.fields.find((f) => f.name === key)
  const same = before !== undefined && after !== undefined && before.type === after.type && sameRule(before.rule, after.rule)
  return same ? 'primary_key' : 'content'
}

/** Runs `read` on scans of both versions started after `after` (keyed for matching by content), and closes them. */
export async function withScans<T>(
  store: DatasetStore, datasetId: string, from: ComparedVersion, to: ComparedVersion, options: { keyed: boolean; after?: CellValue; batchRows?: number },
  read: (before: RowScan, after: RowScan) => Promise<T>,
): Promise<T> {
  const scan = { keyed: options.keyed, batchRows: options.batchRows ?? SCAN_BATCH_ROWS, ...(options.after === undefined ? {} : { after: options.after }) }
  const before = await RowScan.open(store, datasetId, from, scan)
  let after: RowScan | undefined
  try {
    after = await RowScan.open(store, datasetId, to, scan)
    return await read(before, after)
  } finally {
    await after?.close()
    await before.close()
  }
}

/** The rows of two versions matched by content: a read of both in full (content-match.ts). */
export function matchContent(store: DatasetStore, datasetId: string, from: ComparedVersion, to: ComparedVersion): Promise<ContentMatch> {
  const shared = sharedColumns(from.fields, to.fields)
  return withScans(store, datasetId, from, to, { keyed: true }, (before, after) =>
    matchByContent(before, after, shared, { before: from.rowCount, after: to.rowCount }))
}

/** The summary's parts that do not depend on the rows. */
function summaryOf(from: ComparedVersion, to: ComparedVersion, matchedBy: Matching, rows: ChangeSummary['rows']): ChangeSummary {
  return { from: from.version, to: to.version, matchedBy, rows, rowCountDelta: to.rowCount - from.rowCount, fields: fieldChanges(from.fields, to.fields) }
}

/** The summary of rows matched by content: a changed row is one removed and one added, so none is "changed". */
export function contentSummary(from: ComparedVersion, to: ComparedVersion, match: ContentMatch): ChangeSummary {
  return summaryOf(from, to, 'content', { added: match.added.length, removed: match.removed.length, changed: 0, unchanged: match.matched })
}

export async function compareVersions(store: DatasetStore, datasetId: string, from: ComparedVersion, to: ComparedVersion): Promise<ChangeSummary> {
  if (matchingOf(from, to) === 'content') return contentSummary(from, to, await matchContent(store, datasetId, from, to))
  const rows = { added: 0, removed: 0, changed: 0, unchanged: 0 }
  const shared = sharedColumns(from.fields, to.fields)
  await withScans(store, datasetId, from, to, { keyed: false }, (before, after) => mergeByKey(before, after, shared, (op) => {
    rows[op]++
    return true
  }))
  return summaryOf(from, to, 'primary_key', rows)
}
