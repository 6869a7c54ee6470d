import type { CellValue } from '../catalog/values.ts'
import type { SharedColumns } from './field-changes.ts'
import { compareKeys } from './key-order.ts'
import type { RowScan } from './row-scan.ts'

/**
 * Rows matched by primary key (issue 12 §1): a merge of two scans in key order, one pass, memory for a
 * batch of each. A key only in the new version is added, only in the old one removed; in both, changed
 * when any field present in both versions has another value (field-changes.ts sharedColumns: a field added
 * or removed is a schema change, not a change of every row). Values compare as published, 5 equal to 5.0
 * but not to "5": retyping a field from integer to string changes every row's value as a client reads it.
 */
export type RowOp = 'added' | 'removed' | 'changed' | 'unchanged'

/**
 * Told every key in key order, with the old row, the new one, or both; returns false to stop the merge
 * before this key is taken (a full page that has found the next change).
 */
export type MergeVisitor = (op: RowOp, before: CellValue[] | undefined, after: CellValue[] | undefined) => boolean

export interface MergeOutcome {
  /** The last key taken, if any: a merge started after it goes on exactly where this one stopped. */
  lastKey?: CellValue
  /** Both scans are over: no key follows lastKey. */
  done: boolean
}

export function sameValues(before: readonly CellValue[], after: readonly CellValue[], shared: SharedColumns): boolean {
  const { before: b, after: a } = shared
  for (let i = 0; i < b.length; i++) if (before[b[i] as number] !== after[a[i] as number]) return false
  return true
}

/** Merges until the visitor says stop, `maxKeys` keys are taken (a page's scan budget), or both scans end. */
export async function mergeByKey(from: RowScan, to: RowScan, shared: SharedColumns, visit: MergeVisitor, maxKeys = Infinity): Promise<MergeOutcome> {
  let taken = 0
  let lastKey: CellValue | undefined
  const stopped = (): MergeOutcome => (lastKey === undefined ? { done: false } : { lastKey, done: false })
  for (;;) {
    if (!from.ready) await from.fill()
    if (!to.ready) await to.fill()
    // synchronous while both have a row at hand (or are over): a batch at a time, no await per row
    while (from.ready && to.ready) {
      if (from.done && to.done) return lastKey === undefined ? { done: true } : { lastKey, done: true }
      if (taken >= maxKeys) return stopped()
      const order = from.done ? 1 : to.done ? -1 : compareKeys(from.key, to.key)
      const key = order > 0 ? to.key : from.key
      if (order < 0) {
        if (!visit('removed', from.row, undefined)) return stopped()
        from.at++
      } else if (order > 0) {
        if (!visit('added', undefined, to.row)) return stopped()
        to.at++
      } else {
        const before = from.row
        const after = to.row
        if (!visit(sameValues(before, after, shared) ? 'unchanged' : 'changed', before, after)) return stopped()
        from.at++
        to.at++
      }
      lastKey = key
      taken++
    }
  }
}
