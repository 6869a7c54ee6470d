import { setImmediate as nextTurn } from 'node:timers/promises'
import type { CellValue } from '../catalog/values.ts'
import type { DatasetStore, VersionInfo } from '../store/types.ts'
import { compareKeys } from './key-order.ts'

export type ScannedVersion = Pick<VersionInfo, 'version' | 'fields' | 'primaryKey'>

/**
 * One version's rows in key order as a merge reads them: the current batch in memory and a position in
 * it, and the next batch, asked for as soon as the current one arrives. Nothing else is kept, so memory
 * holds two batches.
 *
 * Every batch is checked to go on strictly increasing by key (key-order.ts): a merge of scans in another
 * order (a store sorting text by a locale's collation, say) would pair the wrong rows and report a wrong
 * diff without a sign, so it fails instead. Between batches the event loop gets a turn: the embedded store
 * reads synchronously, and a merge of two large versions must not hold up every other request meanwhile.
 */
export class ScanOrderError extends Error {}

export class RowScan {
  rows: CellValue[][] = []
  /** Index of the current row in `rows`; `rows.length` when the batch is used up. */
  at = 0
  done = false
  /** Rows fetched so far. */
  read = 0
  private lastKey: CellValue | undefined
  private readonly iterator: AsyncIterator<CellValue[][]>
  /** The batch after the current one, already asked for. */
  private pending: Promise<IteratorResult<CellValue[][]>> | undefined

  /** `keyAt`: where in a row its order key is (the primary key's field, or the key a keyed scan appends). */
  constructor(batches: AsyncIterable<CellValue[][]>, readonly keyAt: number, private readonly label: string, private readonly release?: () => Promise<void>) {
    this.iterator = batches[Symbol.asyncIterator]()
  }

  /**
   * A version's rows from the store, after `after` if given. By primary key: rows as the version's fields,
   * the key being one of them. Keyed: each row followed by its order key (the store's ScanOptions), for a
   * version without a primary key or one whose rows are matched by content.
   */
  static async open(store: DatasetStore, datasetId: string, version: ScannedVersion, options: { keyed: boolean; after?: CellValue; batchRows: number }): Promise<RowScan> {
    const reader = await store.versionRows(datasetId, version.version)
    const keyAt = options.keyed ? version.fields.length : version.fields.findIndex((f) => f.name === version.primaryKey)
    if (keyAt < 0) {
      await reader.close()
      throw new Error(`version ${version.version} of ${datasetId} has no primary key to scan by`)
    }
    const batches = reader.batches(options.batchRows, { withKey: options.keyed, ...(options.after === undefined ? {} : { after: options.after }) })
    return new RowScan(batches, keyAt, `${datasetId} version ${version.version}`, () => reader.close())
  }

  /** Whether a row is at hand (or the scan is over) without fetching. */
  get ready(): boolean {
    return this.done || this.at < this.rows.length
  }

  /** The current row; only when `ready` and not `done`. */
  get row(): CellValue[] {
    return this.rows[this.at] as CellValue[]
  }

  get key(): CellValue {
    return (this.rows[this.at] as CellValue[])[this.keyAt] as CellValue
  }

  /** Fetches the next non-empty batch if this one is used up; false when the scan is over. */
  async fill(): Promise<boolean> {
    while (!this.done && this.at >= this.rows.length) {
      if (this.read > 0) await nextTurn()
      const next = await (this.pending ?? this.iterator.next())
      this.pending = undefined
      if (next.done) {
        this.done = true
        this.rows = []
        this.at = 0
        break
      }
      this.check(next.value)
      this.rows = next.value
      this.at = 0
      this.read += next.value.length
      // asked for now, so that PostgreSQL reads the next batch while this one is merged; heard of when awaited
      this.pending = this.iterator.next()
      this.pending.catch(() => undefined)
    }
    return !this.done
  }

  private check(batch: readonly CellValue[][]): void {
    let previous = this.lastKey
    for (let i = 0; i < batch.length; i++) {
      const key = (batch[i] as CellValue[])[this.keyAt] as CellValue
      if (previous !== undefined && compareKeys(previous, key) >= 0) {
        // no value in the message: it may end up in an ingest report or a log
        throw new ScanOrderError(`${this.label}: rows are not in strictly increasing key order at row ${this.read + i + 1}; the changes cannot be computed by merging`)
      }
      previous = key
    }
    this.lastKey = previous
  }

  /** Stops the scan where it is (the store's statement or cursor is released). */
  async close(): Promise<void> {
    this.done = true
    try {
      await this.pending?.catch(() => undefined)
      await this.iterator.return?.()
    } finally {
      await this.release?.()
    }
  }
}
