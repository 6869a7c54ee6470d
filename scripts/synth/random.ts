/**
 * Seeded pseudo-random numbers for the synthetic-data generators.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state) seeded from a string
 * with cyrb128. Same seed → same sequence on every platform and Node version (only 32-bit integer
 * arithmetic is used to produce the stream). Never use Math.random in the generators.
 */

/** cyrb128: hashes a string into four 32-bit words (used to seed sfc32 and to fork streams). */
export function hashSeed(input: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** A weighted choice list: `[value, weight]` pairs (weights need not sum to 1). */
export type Weighted<T> = readonly (readonly [T, number])[]

export class Rng {
  /** The seed this stream was created from (forks append `/label`). */
  readonly seed: string
  #a: number
  #b: number
  #c: number
  #d: number

  constructor(seed: string | number) {
    this.seed = String(seed)
    const [a, b, c, d] = hashSeed(this.seed)
    this.#a = a
    this.#b = b
    this.#c = c
    this.#d = d
    for (let i = 0; i < 15; i++) this.nextUint32()
  }

  /** Next 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const a = this.#a
    const b = this.#b
    const c = this.#c
    const d = this.#d
    const t = (((a + b) | 0) + d) | 0
    this.#d = (d + 1) | 0
    this.#a = b ^ (b >>> 9)
    this.#b = (c + (c << 3)) | 0
    const r = (c << 21) | (c >>> 11)
    this.#c = (r + t) | 0
    return t >>> 0
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Rng.int: bad range [${min}, ${max}]`)
    }
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** One element by weight. For hot loops prefer {@link weightedPicker}. */
  weighted<T>(items: Weighted<T>): T {
    return weightedPicker(items)(this)
  }

  /** n random decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(this.next() * 10))
    return s
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }

  /** k distinct elements (order random). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.min(k, items.length))
  }

  /** Normally distributed float (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next() // (0, 1]
    const v = this.next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Log-normally distributed float whose median is `median`. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma))
  }

  /**
   * An independent stream derived from this stream's seed and a label. Forks do not consume
   * numbers from the parent, so adding a fork never changes the parent's (or other forks') output.
   */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`)
  }
}

/** Precomputes cumulative weights; returns a fast picker. */
export function weightedPicker<T>(items: Weighted<T>): (rng: Rng) => T {
  if (items.length === 0) throw new RangeError('weightedPicker: empty list')
  const values: T[] = []
  const cumulative: number[] = []
  let total = 0
  for (const [value, weight] of items) {
    if (!(weight >= 0)) throw new RangeError('weightedPicker: negative weight')
    total += weight
    values.push(value)
    cumulative.push(total)
  }
  if (total <= 0) throw new RangeError('weightedPicker: weights sum to 0')
  return (rng: Rng): T => {
    const x = rng.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (x < (cumulative[mid] as number)) hi = mid
      else lo = mid + 1
    }
    return values[lo] as T
  }
}
