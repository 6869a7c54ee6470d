/**
 * Numeric identifiers as real data writes them: in one piece (13812345678) or in groups joined by
 * separators (138 1234-5678, 138.1234.5678, (138)12345678, 110105 19491231 002X, 6222 0212 3456 1234 5).
 *
 * A text (already normalised, normalise.ts) is cut into runs: digit groups joined by a separator of
 * at most 3 characters, spaces and at most one of - . / ( ). A group may end with one X or x (the ID
 * check character) when no digit follows it; that ends the run. Detectors then test every range of
 * consecutive groups of a run (ranges, below): a finding is always made of whole groups, so a
 * mobile is never found inside a longer number, and what touches it is a separator or a non-digit.
 *
 * The tokens are cached for the last text: the three numeric detectors read the same text in turn.
 */

/** The separator before a group: none (first of its run), exactly one '.', anything else. */
export const SEP_NONE = 0
export const SEP_DOT = 1
export const SEP_OTHER = 2

const MAX_SEPARATOR = 3

export interface DigitGroups {
  readonly text: string
  /** number of groups */
  readonly count: number
  readonly start: Int32Array
  readonly end: Int32Array
  /** separator before each group (SEP_*) */
  readonly sep: Uint8Array
  /** 1 when the group ends with X or x */
  readonly x: Uint8Array
}

let start = new Int32Array(64)
let end = new Int32Array(64)
let sep = new Uint8Array(64)
let x = new Uint8Array(64)
let cached: DigitGroups = { text: '', count: 0, start, end, sep, x }

function push(g: number, s: number, e: number, before: number, hasX: number): void {
  if (g === start.length) {
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2)
      b.set(a)
      return b
    }
    start = grow(start, (n) => new Int32Array(n))
    end = grow(end, (n) => new Int32Array(n))
    sep = grow(sep, (n) => new Uint8Array(n))
    x = grow(x, (n) => new Uint8Array(n))
  }
  start[g] = s
  end[g] = e
  sep[g] = before
  x[g] = hasX
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function isMark(c: number): boolean {
  return c === 45 || c === 46 || c === 47 || c === 40 || c === 41 // - . / ( )
}

/** The digit groups of a text (reused arrays: valid until the next call with another text). */
export function digitGroups(text: string): DigitGroups {
  if (cached.text === text) return cached
  const n = text.length
  let g = 0
  let i = 0
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++
      continue
    }
    let before = SEP_NONE
    for (;;) {
      const s = i
      while (i < n && isDigit(text.charCodeAt(i))) i++
      let hasX = 0
      const c = i < n ? text.charCodeAt(i) : 0
      if ((c === 88 || c === 120) && !(i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
        i++
        hasX = 1
      }
      push(g++, s, i, before, hasX)
      if (hasX === 1) break
      let j = i
      let marks = 0
      while (j < n && j - i < MAX_SEPARATOR) {
        const d = text.charCodeAt(j)
        if (d === 32) j++
        else if (isMark(d) && marks === 0) {
          marks++
          j++
        } else break
      }
      if (j === i || j >= n || !isDigit(text.charCodeAt(j))) break
      before = j - i === 1 && text.charCodeAt(i) === 46 ? SEP_DOT : SEP_OTHER
      i = j
    }
  }
  cached = { text, count: g, start, end, sep, x }
  return cached
}

/**
 * Calls visit(a, b, chars) for every range of groups a..b of one run holding between min and max
 * characters: digits, and a final X only `withX` (an ID's check character; for a mobile or a card the
 * X is just the next character). With `decimals`, a range is skipped when it is part of a
 * decimal number: a single '.' right before or after it, or a single '.' as its only separator
 * ("13812345678.00" is an amount, "0.13812345678" a fraction, "138.1234.5678" a mobile).
 */
export function forEachRange(
  groups: DigitGroups,
  min: number,
  max: number,
  decimals: boolean,
  withX: boolean,
  visit: (a: number, b: number, chars: number) => void,
): void {
  const { count, start: gs, end: ge, sep: gsep, x: gx } = groups
  for (let a = 0; a < count; a++) {
    if (decimals && gsep[a] === SEP_DOT) continue
    let chars = 0
    for (let b = a; b < count; b++) {
      if (b > a && gsep[b] === SEP_NONE) break
      const length = (ge[b] as number) - (gs[b] as number)
      chars += length - (withX ? 0 : (gx[b] as number))
      if (chars > max) break
      if (chars < min) continue
      if (decimals) {
        if (b + 1 < count && gsep[b + 1] === SEP_DOT) continue
        if (b === a + 1 && gsep[b] === SEP_DOT) continue
      }
      visit(a, b, chars)
    }
  }
}

/** Where group b ends: after its X only `withX`. */
export function rangeEnd(groups: DigitGroups, b: number, withX: boolean): number {
  return (groups.end[b] as number) - (withX ? 0 : (groups.x[b] as number))
}

/** The characters of groups a..b without their separators (see forEachRange for `withX`). */
export function rangeChars(groups: DigitGroups, a: number, b: number, withX: boolean): string {
  let s = ''
  for (let g = a; g <= b; g++) s += groups.text.slice(groups.start[g], g === b ? rangeEnd(groups, b, withX) : groups.end[g])
  return s
}

/** Length of group g in characters (its X included). */
export function groupLength(groups: DigitGroups, g: number): number {
  return (groups.end[g] as number) - (groups.start[g] as number)
}
