/**
 * k-anonymity (SPEC §4.4), in two passes so that it works on datasets of any size:
 *   pass 1: counter.add(values) for every published row (memory: one entry per distinct group);
 *   then counter.result(k) summarises the groups (and fixes k for pass 2);
 *   pass 2: counter.violates(values) for every row decides whether it is suppressed.
 * A group is the combination of the quasi-identifier values (after generalisation), compared with
 * their types (1 and "1" differ); a missing or null value is a value of its own (null).
 * `checkKAnonymity` does both passes over rows held in memory (or re-iterable).
 */
import type { CellValue } from './types.ts'

export interface KAnonymityResult {
  /** distinct quasi-identifier combinations */
  groups: number
  /** size of the smallest group (0 when there are no rows) */
  smallestGroupSize: number
  /** the quasi-identifier values of the smallest group (the first one met, on ties) */
  smallestGroup: Record<string, CellValue>
  /** groups smaller than k */
  violatingGroups: number
  /** how many rows are in groups smaller than k */
  violatingRows: number
}

export interface GroupCounter {
  readonly quasiIdentifiers: readonly string[]
  add(values: Record<string, CellValue>): void
  groupSize(values: Record<string, CellValue>): number
  /** k defaults to the counter's k; the k given here becomes the default of violates() */
  result(k?: number): KAnonymityResult
  /** true when the row's group has fewer than k rows (pass 2); k defaults as for result() */
  violates(values: Record<string, CellValue>, k?: number): boolean
  /** alias of violates: the row is to be suppressed */
  isSuppressed(values: Record<string, CellValue>, k?: number): boolean
}

function checkK(k: number | undefined): number {
  if (k === undefined) throw new Error('k-anonymity: k is not set')
  if (!Number.isInteger(k) || k < 1) throw new Error(`k-anonymity: k must be a positive integer, got ${k}`)
  return k
}

export function createGroupCounter(quasiIdentifiers: readonly string[], defaultK?: number): GroupCounter {
  if (quasiIdentifiers.length === 0) throw new Error('k-anonymity: no quasi-identifiers')
  if (defaultK !== undefined) checkK(defaultK)
  let currentK = defaultK
  const qis = [...quasiIdentifiers]
  const counts = new Map<string, number>()
  const tuple: CellValue[] = new Array<CellValue>(qis.length)

  function keyOf(values: Record<string, CellValue>): string {
    for (let i = 0; i < qis.length; i++) tuple[i] = values[qis[i] as string] ?? null
    return JSON.stringify(tuple)
  }

  function groupSize(values: Record<string, CellValue>): number {
    return counts.get(keyOf(values)) ?? 0
  }

  function violates(values: Record<string, CellValue>, k?: number): boolean {
    return groupSize(values) < checkK(k ?? currentK)
  }

  return {
    quasiIdentifiers: qis,
    add(values) {
      const key = keyOf(values)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    },
    groupSize,
    result(k) {
      const kk = checkK(k ?? currentK)
      currentK = kk
      let smallestKey = ''
      let smallest = 0
      let violatingGroups = 0
      let violatingRows = 0
      for (const [key, n] of counts) {
        if (smallestKey === '' || n < smallest) {
          smallest = n
          smallestKey = key
        }
        if (n < kk) {
          violatingGroups++
          violatingRows += n
        }
      }
      const smallestGroup: Record<string, CellValue> = {}
      if (smallestKey !== '') {
        const vals = JSON.parse(smallestKey) as CellValue[]
        qis.forEach((q, i) => {
          smallestGroup[q] = vals[i] as CellValue
        })
      }
      return { groups: counts.size, smallestGroupSize: smallest, smallestGroup, violatingGroups, violatingRows }
    },
    violates,
    isSuppressed: violates,
  }
}

export interface KRow {
  rowNumber: number
  values: Record<string, CellValue>
}

export interface KAnonymityReport extends KAnonymityResult {
  /** row numbers of the rows in groups smaller than k, in input order */
  rowsInViolation: number[]
}

/**
 * Both passes over `rows`: an array, any re-iterable, or a function returning a fresh iterable for
 * each pass. A one-shot iterator (a generator object) is buffered in memory first.
 */
export function checkKAnonymity(
  rows: Iterable<KRow> | (() => Iterable<KRow>),
  quasiIdentifiers: readonly string[],
  k: number,
): KAnonymityReport {
  let source: () => Iterable<KRow>
  if (typeof rows === 'function') source = rows
  else {
    const it = rows[Symbol.iterator]()
    const oneShot = (it as unknown) === rows
    const buffered = oneShot ? Array.from({ [Symbol.iterator]: () => it }) : rows
    source = () => buffered
  }
  const counter = createGroupCounter(quasiIdentifiers, k)
  for (const r of source()) counter.add(r.values)
  const summary = counter.result(k)
  const rowsInViolation: number[] = []
  if (summary.violatingGroups > 0) {
    for (const r of source()) if (counter.violates(r.values)) rowsInViolation.push(r.rowNumber)
  }
  return { ...summary, rowsInViolation }
}
