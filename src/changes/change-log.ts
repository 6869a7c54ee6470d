import type { CellValue } from '../catalog/values.ts'
import type { ChangeSummary } from '../store/change-types.ts'
import type { DatasetStore, VersionInfo } from '../store/types.ts'
import { contentSummary, matchContent, matchingOf, mergeVersions, withScans, type Matching } from './compare-versions.ts'
import { CHECKPOINT_ROWS, type ContentMatch } from './content-match.ts'
import { sharedColumns } from './field-changes.ts'
import { mergeByKey } from './key-merge.ts'
import { RowScan } from './row-scan.ts'

/**
 * The changed rows between two versions, a page at a time (GET …/versions/{v}/changes, issue 12 §2), and
 * the summary of any two kept versions.
 *
 * - By primary key, nothing is kept between requests: a page merges both versions from the key the last one
 *   stopped after (the cursor), so a walk of a million-row diff costs one pass over both versions in all,
 *   whatever the page size. A page stops early, with a cursor, once it has scanned its budget of rows, so a
 *   request never reads more than that however sparse the changes (a page may then be short, even empty).
 * - By content, which row is unpaired is known only after reading both versions in full (content-match.ts):
 *   that is done once per pair and kept (versions never change), in a cache bounded in entries and bytes (4
 *   bytes per row removed or added, and an order key per CHECKPOINT_ROWS rows). Removed rows are listed
 *   first, then added ones, each in scan order; a cursor is a position in that list, found again from the
 *   nearest checkpoint, under the same scan budget.
 * - A summary is the one stored with the version when it compares the same two versions (computed at ingest);
 *   any other pair is computed once and kept like a content match.
 *
 * Computations that read whole versions run at most `concurrent` at a time (others asking for the same pair
 * wait for it); one more is refused (ChangesBusy), so that many callers naming many pairs cannot make the
 * server read every kept version at once.
 */
export interface ChangeRow {
  op: 'added' | 'removed' | 'changed'
  /** The primary-key value; null for rows matched by content, which have no identity across versions. */
  key: CellValue
  /** The old version's row (removed, changed), in its fields' order. */
  before?: CellValue[]
  /** The new version's row (added, changed). */
  after?: CellValue[]
}

/** Where a page starts: after a primary-key value (undefined: the first page), or at a position of the content list. */
export type PageStart = { after?: CellValue } | { at: number }

export interface ChangePage {
  rows: ChangeRow[]
  /** Where the next page starts; absent on the last page. */
  next?: PageStart
}

export interface ChangeLogOptions {
  /** Rows a page may read before it stops early (both versions together). */
  scanBudget?: number
  cacheEntries?: number
  cacheBytes?: number
  concurrent?: number
}

export const DEFAULT_SCAN_BUDGET = 100_000
const DEFAULTS = { scanBudget: DEFAULT_SCAN_BUDGET, cacheEntries: 32, cacheBytes: 64 * 1024 * 1024, concurrent: 2 }

/** Every computation slot is taken: the caller should try again shortly. */
export class ChangesBusy extends Error {
  constructor() {
    super('the changes of other versions are being computed; retry in a few seconds')
  }
}

interface Cached {
  value: Promise<unknown>
  bytes: number
}

export type Compared = Pick<VersionInfo, 'version' | 'fields' | 'primaryKey' | 'rowCount' | 'publishedAt' | 'changes'>

/** A change row in the rows the store read: the key is where the primary key sits in that version. */
function keyOf(version: Compared, row: readonly CellValue[]): CellValue {
  return row[version.fields.findIndex((f) => f.name === version.primaryKey)] as CellValue
}

export class ChangeLog {
  private readonly options: Required<ChangeLogOptions>
  private readonly cache = new Map<string, Cached>()
  private running = 0

  constructor(private readonly store: DatasetStore, options: ChangeLogOptions = {}) {
    this.options = { ...DEFAULTS, ...options }
  }

  matching(from: Compared, to: Compared): Matching {
    return matchingOf(from, to)
  }

  async summary(datasetId: string, from: Compared, to: Compared): Promise<ChangeSummary> {
    if (to.changes?.from === from.version) return to.changes
    if (matchingOf(from, to) === 'content') return contentSummary(from, to, await this.content(datasetId, from, to))
    return this.kept(`summary ${pairKey(datasetId, from, to)}`, () => mergeVersions(this.store, datasetId, from, to), () => 512)
  }

  async page(datasetId: string, from: Compared, to: Compared, start: PageStart, limit: number): Promise<ChangePage> {
    if (matchingOf(from, to) === 'content') return this.contentPage(datasetId, from, to, 'at' in start ? start.at : 0, limit)
    return this.keyPage(datasetId, from, to, 'after' in start ? start.after : undefined, limit)
  }

  private async keyPage(datasetId: string, from: Compared, to: Compared, start: CellValue | undefined, limit: number): Promise<ChangePage> {
    const shared = sharedColumns(from.fields, to.fields)
    const rows: ChangeRow[] = []
    const batchRows = Math.min(4096, Math.max(256, limit + 1))
    const outcome = await withScans(this.store, datasetId, from, to, { keyed: false, batchRows, ...(start === undefined ? {} : { after: start }) }, (a, b) =>
      mergeByKey(a, b, shared, (op, before, after) => {
        if (op === 'unchanged') return true
        if (rows.length === limit) return false
        const key = after ? keyOf(to, after) : keyOf(from, before as CellValue[])
        rows.push({ op, key, ...(before ? { before } : {}), ...(after ? { after } : {}) })
        return true
      }, Math.floor(this.options.scanBudget / 2)))
    if (outcome.done) return { rows }
    return { rows, next: { after: outcome.lastKey ?? start } }
  }

  private async contentPage(datasetId: string, from: Compared, to: Compared, start: number, limit: number): Promise<ChangePage> {
    const match = await this.content(datasetId, from, to)
    const total = match.removed.length + match.added.length
    const rows: ChangeRow[] = []
    let at = start
    let budget = this.options.scanBudget
    while (rows.length < limit && at < total && budget > 0) {
      const removing = at < match.removed.length
      const list = removing ? { version: from, positions: match.removed, checkpoints: match.checkpoints.before, offset: 0 }
        : { version: to, positions: match.added, checkpoints: match.checkpoints.after, offset: match.removed.length }
      const first = at - list.offset
      const end = Math.min(list.positions.length, first + limit - rows.length)
      const read = await readPositions(this.store, datasetId, list.version, list.positions.subarray(first, end), list.checkpoints, budget)
      for (const row of read.rows) rows.push(removing ? { op: 'removed', key: null, before: row } : { op: 'added', key: null, after: row })
      at += read.rows.length
      budget -= read.scanned
      if (read.rows.length < end - first) break
    }
    return at < total ? { rows, next: { at } } : { rows }
  }

  private content(datasetId: string, from: Compared, to: Compared): Promise<ContentMatch> {
    return this.kept(`content ${pairKey(datasetId, from, to)}`, () => matchContent(this.store, datasetId, from, to),
      (m) => 4 * (m.removed.length + m.added.length) + 64 * (m.checkpoints.before.length + m.checkpoints.after.length) + 512)
  }

  /** What is computed once per pair, kept until the cache needs the room; at most `concurrent` computations at once. */
  private kept<T>(key: string, compute: () => Promise<T>, bytesOf: (value: T) => number): Promise<T> {
    const hit = this.cache.get(key)
    if (hit) {
      this.cache.delete(key)
      this.cache.set(key, hit)
      return hit.value as Promise<T>
    }
    if (this.running >= this.options.concurrent) return Promise.reject(new ChangesBusy())
    this.running++
    const value = compute().finally(() => this.running--)
    const entry: Cached = { value, bytes: 0 }
    this.cache.set(key, entry)
    value.then((result) => {
      entry.bytes = bytesOf(result)
      this.evict()
    }, () => this.cache.delete(key))
    return value
  }

  private evict(): void {
    let bytes = [...this.cache.values()].reduce((sum, e) => sum + e.bytes, 0)
    for (const [key, entry] of this.cache) {
      if (this.cache.size <= this.options.cacheEntries && bytes <= this.options.cacheBytes) break
      this.cache.delete(key)
      bytes -= entry.bytes
    }
  }
}

/** Versions are immutable, but a dataset removed and added again numbers its versions afresh: the publication time tells them apart. */
function pairKey(datasetId: string, from: Compared, to: Compared): string {
  return JSON.stringify([datasetId, from.version, from.publishedAt, to.version, to.publishedAt])
}

/**
 * The rows at some positions of a version's keyed scan (ascending), each read from the checkpoint before it:
 * rows in one stretch are read in one scan, a position further on than a checkpoint seeks again. Stops once
 * `budget` rows are scanned and one row at least is found (so that every page gets on), and returns the rows
 * found (a prefix of those asked for) and how many rows it scanned.
 */
async function readPositions(
  store: DatasetStore, datasetId: string, version: Compared, positions: Uint32Array, checkpoints: readonly CellValue[], budget: number,
): Promise<{ rows: CellValue[][]; scanned: number }> {
  const rows: CellValue[][] = []
  let scanned = 0
  const spent = (): boolean => rows.length > 0 && scanned >= budget
  while (rows.length < positions.length && !spent()) {
    const block = Math.floor((positions[rows.length] as number) / CHECKPOINT_ROWS)
    const after = block > 0 ? checkpoints[block - 1] : undefined
    let position = block * CHECKPOINT_ROWS
    const scan = await RowScan.open(store, datasetId, version, { keyed: true, batchRows: CHECKPOINT_ROWS, ...(after === undefined ? {} : { after }) })
    try {
      reading: for (;;) {
        if (!await scan.fill()) throw new Error(`${datasetId} version ${version.version} has fewer rows than its list of changes says`)
        for (; scan.at < scan.rows.length; scan.at++, position++, scanned++) {
          const wanted = positions[rows.length] as number
          // the next row wanted is a checkpoint or more ahead: seeking there is cheaper than reading on
          if (wanted >= position + CHECKPOINT_ROWS || spent()) break reading
          if (position === wanted) {
            rows.push(scan.row.slice(0, version.fields.length))
            if (rows.length === positions.length) break reading
          }
        }
      }
    } finally {
      await scan.close()
    }
  }
  return { rows, scanned }
}
