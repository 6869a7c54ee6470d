import type { CellValue } from '../catalog/values.ts'
import type { ChangeSummary } from '../store/change-types.ts'
import type { ContentComparison, DatasetStore, KeyComparison, PublicField, VersionInfo } from '../store/types.ts'
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

/** Which values can ever be equal: 5 and 5.0 can, 5 and "5" or true and 1 cannot. */
const valueKind = (type: PublicField['type']): 'number' | 'boolean' | 'text' =>
  (type === 'integer' || type === 'number' || type === 'year' ? 'number' : type === 'boolean' ? 'boolean' : 'text')

/** The columns a store compares (DatasetStore.countKeyChanges, countContentMatches): the shared fields, as the merge and the digests compare them. */
function contentComparison(from: ComparedVersion, to: ComparedVersion): ContentComparison {
  const byName = new Map(from.fields.map((f) => [f.name, f]))
  return {
    columns: to.fields.flatMap((field) => {
      const was = byName.get(field.name)
      return was ? [{ name: field.name, comparable: valueKind(was.type) === valueKind(field.type) }] : []
    }),
  }
}

function keyComparison(from: ComparedVersion, to: ComparedVersion): KeyComparison {
  return { key: to.primaryKey as string, ...contentComparison(from, to) }
}

/**
 * The summary an ingest publishes, counted by the store: in one join by key, or one grouping by content.
 * Reading two million-row versions out to merge or digest them costs ~4 s of CPU each on the benchmark
 * machine; the join ~2 s in all, the grouping ~6 s (bench/results/changes.json).
 */
export async function compareVersions(store: DatasetStore, datasetId: string, from: ComparedVersion, to: ComparedVersion): Promise<ChangeSummary> {
  if (matchingOf(from, to) === 'content') {
    const matched = await store.countContentMatches(datasetId, from.version, to.version, contentComparison(from, to))
    return summaryOf(from, to, 'content', { added: to.rowCount - matched, removed: from.rowCount - matched, changed: 0, unchanged: matched })
  }
  const counts = await store.countKeyChanges(datasetId, from.version, to.version, keyComparison(from, to))
  return summaryOf(from, to, 'primary_key', {
    added: counts.rows - counts.common, removed: from.rowCount - counts.common, changed: counts.changed, unchanged: counts.common - counts.changed,
  })
}

/**
 * The same summary by merging both versions here, a batch at a time with the event loop given a turn
 * between batches: what a process serving requests computes (the embedded store's join would hold them up).
 */
export async function mergeVersions(store: DatasetStore, datasetId: string, from: ComparedVersion, to: ComparedVersion): Promise<ChangeSummary> {
  if (matchingOf(from, to) === 'content') return contentSummary(from, to, await matchContent(store, datasetId, from, to))
  const rows = { added: 0, removed: 0, changed: 0, unchanged: 0 }
  const shared = sharedColumns(from.fields, to.fields)
  await withScans(store, datasetId, from, to, { keyed: false }, (before, after) => mergeByKey(before, after, shared, (op) => {
    rows[op]++
    return true
  }))
  return summaryOf(from, to, 'primary_key', rows)
}
