import type { CellValue } from '../catalog/values.ts'
import { compareDigests, sortByDigest } from './hash-sort.ts'
import { RowHasher } from './row-hash.ts'
import type { RowScan } from './row-scan.ts'

/**
 * Rows matched by content, as a multiset (issue 12 §1), when there is no primary key to match them by
 * (none, or not the same one in both versions): a row of the new version with an equal row in the old one
 * is unchanged, and each equal row pairs with one other at most, so three equal rows against one are two
 * removed. Equal means equal values in the fields both versions have (field-changes.ts sharedColumns), as
 * for rows matched by key; a row whose values changed is one removed and one added, there being nothing
 * to say it is the same row. Without a field in common nothing matches.
 *
 * Each scan is read once, into a 64-bit digest per row (row-hash.ts); the digests are sorted (hash-sort.ts)
 * and merged. Memory is O(rows), not a batch: 8 bytes a row for the digests and 8 for sorting them, per
 * version, while comparing (32 MB for a million rows against a million), then 4 bytes per row removed or
 * added for the result. Rows equal in their digests are paired in scan order, so the same two versions
 * always give the same rows.
 */
export interface ContentMatch {
  matched: number
  /** Positions in the old version's scan (0 = its first row) of the rows left unpaired, ascending. */
  removed: Uint32Array
  /** The same in the new version's scan. */
  added: Uint32Array
  /** Order keys at every CHECKPOINT_ROWS rows of each scan: where to start reading again near a position. */
  checkpoints: { before: CellValue[]; after: CellValue[] }
}

/** checkpoints[m] is the order key of the row at position (m + 1)·CHECKPOINT_ROWS − 1: a scan after it starts at (m + 1)·CHECKPOINT_ROWS. */
export const CHECKPOINT_ROWS = 1024

interface Digests {
  hashes: Uint32Array
  count: number
  checkpoints: CellValue[]
}

async function digestScan(scan: RowScan, columns: readonly number[], expectedRows: number): Promise<Digests> {
  const hasher = new RowHasher()
  let hashes = new Uint32Array(2 * Math.max(expectedRows, 1))
  let count = 0
  const checkpoints: CellValue[] = []
  while (await scan.fill()) {
    for (; scan.at < scan.rows.length; scan.at++) {
      // the row count is known beforehand; a version read back longer than it said still works
      if (2 * count === hashes.length) {
        const grown = new Uint32Array(hashes.length * 2)
        grown.set(hashes)
        hashes = grown
      }
      hasher.digest(scan.row, columns, hashes, count)
      count++
      if (count % CHECKPOINT_ROWS === 0) checkpoints.push(scan.key)
    }
  }
  return { hashes, count, checkpoints }
}

const positions = (count: number): Uint32Array => Uint32Array.from({ length: count }, (_, i) => i)

export async function matchByContent(
  from: RowScan, to: RowScan, columns: { before: readonly number[]; after: readonly number[] }, expected: { before: number; after: number },
): Promise<ContentMatch> {
  const before = await digestScan(from, columns.before, expected.before)
  const after = await digestScan(to, columns.after, expected.after)
  const checkpoints = { before: before.checkpoints, after: after.checkpoints }
  if (columns.before.length === 0) return { matched: 0, removed: positions(before.count), added: positions(after.count), checkpoints }
  const x = sortByDigest(before.hashes, before.count)
  const y = sortByDigest(after.hashes, after.count)
  const removed: number[] = []
  const added: number[] = []
  let i = 0
  let j = 0
  while (i < x.length || j < y.length) {
    const order = i === x.length ? 1 : j === y.length ? -1 : compareDigests(before.hashes, x[i] as number, after.hashes, y[j] as number)
    if (order < 0) removed.push(x[i++] as number)
    else if (order > 0) added.push(y[j++] as number)
    else {
      i++
      j++
    }
  }
  const matched = before.count - removed.length
  return { matched, removed: Uint32Array.from(removed).sort(), added: Uint32Array.from(added).sort(), checkpoints }
}
