import type { CellValue } from '../catalog/values.ts'

/**
 * The order both stores scan a version in, so that two scans can be merged: numbers numerically, text
 * byte by byte in UTF-8 (SQLite's BINARY collation; PostgreSQL's "C", which the version tables use),
 * booleans as the 0 and 1 SQLite stores, NULL first, then numbers, then text, as SQLite orders mixed
 * values. JavaScript's `<` on strings compares UTF-16 code units, which puts U+E000…U+FFFF after the
 * surrogate pairs of characters beyond U+FFFF, where UTF-8 puts them before: compareUtf8 corrects that.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // at the first difference only a surrogate against U+E000…U+FFFF orders otherwise in UTF-8 than in UTF-16
    if (x >= 0xd800 && y >= 0xd800) return fixUp(x) - fixUp(y)
    return x - y
  }
  return a.length - b.length
}

/** Code units ≥ U+D800 rearranged so that their order is code point order: U+E000…U+FFFF below the surrogates. */
function fixUp(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}

const rank = (value: CellValue): number => (value === null ? 0 : typeof value === 'string' ? 2 : 1)

export function compareKeys(a: CellValue, b: CellValue): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (ra === 0) return 0
  if (ra === 2) return compareUtf8(a as string, b as string)
  return Number(a) - Number(b)
}
