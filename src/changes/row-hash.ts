import type { CellValue } from '../catalog/values.ts'

/**
 * A 64-bit digest of a row's values in some columns, for matching rows by content (content-match.ts):
 * two rows with equal values (as `===` sees them: 5 and 5.0 equal, 5 and "5" not) always get the same
 * digest; two different rows get the same one with a chance of about 2^-64, so among n rows a mistaken
 * match is expected n²/2^65 times (3·10^-8 for a million rows), and would count one change as none.
 *
 * Not node:crypto: a hash call costs 2–5 µs per row on the benchmark machine, 4–10 s for two versions of
 * a million rows, more than the whole 10 s budget of the comparison. Two MurmurHash3 lanes with their own
 * constants over the values' words (two UTF-16 code units per word, a number's IEEE 754 bits, a tag and
 * length before each value so that ["ab", "c"] and ["a", "bc"] differ) run at a fraction of that. The
 * digest is computed and compared in one process, so it needs no stability across versions of Node.
 */
const F64 = new Float64Array(1)
const F64_WORDS = new Uint32Array(F64.buffer)

const TAG_NULL = 0x6e756c6c
const TAG_FALSE = 0x66616c73
const TAG_TRUE = 0x74727565
const TAG_NUMBER = 0x6e756d62
const TAG_STRING = 0x73747269

export class RowHasher {
  private h1 = 0
  private h2 = 0

  private word(k: number): void {
    let a = Math.imul(k, 0xcc9e2d51)
    a = Math.imul((a << 15) | (a >>> 17), 0x1b873593)
    this.h1 ^= a
    this.h1 = (Math.imul((this.h1 << 13) | (this.h1 >>> 19), 5) + 0xe6546b64) | 0
    let b = Math.imul(k, 0x85ebca6b)
    b = Math.imul((b << 16) | (b >>> 16), 0xc2b2ae35)
    this.h2 ^= b
    this.h2 = (Math.imul((this.h2 << 11) | (this.h2 >>> 21), 5) + 0x52dce729) | 0
  }

  private value(v: CellValue): void {
    if (v === null) return this.word(TAG_NULL)
    if (v === true) return this.word(TAG_TRUE)
    if (v === false) return this.word(TAG_FALSE)
    if (typeof v === 'number') {
      // -0 === 0, so they must digest alike
      F64[0] = v === 0 ? 0 : v
      this.word(TAG_NUMBER)
      this.word(F64_WORDS[0] as number)
      return this.word(F64_WORDS[1] as number)
    }
    this.word(TAG_STRING)
    this.word(v.length)
    const pairs = v.length & ~1
    for (let i = 0; i < pairs; i += 2) this.word(v.charCodeAt(i) | (v.charCodeAt(i + 1) << 16))
    if (pairs < v.length) this.word(v.charCodeAt(pairs))
  }

  /** Writes the digest of `row`'s values in `columns` at out[2·at] (high half) and out[2·at + 1]. */
  digest(row: readonly CellValue[], columns: readonly number[], out: Uint32Array, at: number): void {
    this.h1 = 0x9747b28c
    this.h2 = 0x5bd1e995
    for (let i = 0; i < columns.length; i++) this.value(row[columns[i] as number] as CellValue)
    out[2 * at] = finalMix(this.h1 ^ Math.imul(this.h2, 0x27d4eb2d))
    out[2 * at + 1] = finalMix(this.h2 ^ Math.imul(this.h1, 0x165667b1))
  }
}

/** MurmurHash3's fmix32: every input bit reaches every output bit. */
function finalMix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
