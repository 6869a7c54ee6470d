/** Shared helpers of the sample dataset builders. */
import type { CatalogEntry } from '../lib/catalog.ts'
import { type Cell, type CsvOptions, toCsv } from '../lib/csv.ts'
import { creditCode } from '../synth/credit-code.ts'
import { Rng } from '../synth/random.ts'

export interface SampleFile {
  /** File name inside datasets/. */
  readonly name: string
  readonly bytes: Buffer
}

export interface SampleDataset {
  readonly entry: CatalogEntry
  /** The source file; absent for metadata-only (closed) datasets. */
  readonly file?: SampleFile
  /** Data rows in the file (header excluded). */
  readonly rows: number
}

/** Builds one dataset from its own random stream. */
export type SampleBuilder = (rng: Rng) => SampleDataset

/**
 * A government body as a catalog provider, with a (synthetic) credit code of kind 11 (机关). The
 * code depends only on the name, so a provider has the same code in every catalog file.
 */
export function govProvider(name: string, areaCode: string): { name: string; code: string } {
  return { name, code: creditCode(new Rng(`gongkai-provider/${name}`), { kind: 'government', areaCode }) }
}

/** A public institution (事业单位, kind 12) as a provider. */
export function institutionProvider(name: string, areaCode: string): { name: string; code: string } {
  return { name, code: creditCode(new Rng(`gongkai-provider/${name}`), { kind: 'institution', areaCode }) }
}

/** CSV text encoded as UTF-8. */
export function utf8Csv(header: readonly string[], rows: readonly (readonly Cell[])[], opts: CsvOptions = {}): Buffer {
  return Buffer.from(toCsv(header, rows, opts), 'utf8')
}

/** Rounds to 2 decimals (money). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100
}

/** Rounds to 1 decimal. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10
}

/** Chinese numerals 1–99 (第三十二条, 第十一中学). */
export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九'
  if (n < 1 || n > 99 || !Number.isInteger(n)) throw new RangeError(`chineseNumber: ${n}`)
  if (n < 10) return digits[n] as string
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return (tens === 1 ? '' : digits[tens]) + '十' + (ones === 0 ? '' : digits[ones])
}

/** Calls `make` until it returns a value not in `seen` (then records it). */
export function unique<T>(seen: Set<T>, make: () => T, tries = 1000): T {
  for (let i = 0; i < tries; i++) {
    const v = make()
    if (!seen.has(v)) {
      seen.add(v)
      return v
    }
  }
  throw new Error('unique: too many collisions')
}
