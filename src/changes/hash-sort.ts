/**
 * The rows of a scan in order of their 64-bit digests (row-hash.ts; `hashes` holds the high half of row
 * i at 2i and the low half at 2i + 1): a least-significant-digit radix sort of the row numbers on four
 * 16-bit digits. Linear in the rows, a few milliseconds per million where a comparison sort of a million
 * entries through a JavaScript comparator takes a second; and stable, so rows with equal digests stay in
 * scan order and the same two scans always pair up the same rows. Memory: two Uint32Arrays of the rows.
 */
const DIGIT_BITS = 16
const BUCKETS = 1 << DIGIT_BITS

export function sortByDigest(hashes: Uint32Array, count: number): Uint32Array {
  let order = new Uint32Array(count)
  for (let i = 0; i < count; i++) order[i] = i
  let spare = new Uint32Array(count)
  const starts = new Uint32Array(BUCKETS)
  // low half first (offset 1), then the high half (offset 0): the last pass decides the order
  for (const [offset, shift] of [[1, 0], [1, DIGIT_BITS], [0, 0], [0, DIGIT_BITS]] as const) {
    starts.fill(0)
    for (let i = 0; i < count; i++) {
      const digit = ((hashes[2 * i + offset] as number) >>> shift) & 0xffff
      starts[digit] = (starts[digit] as number) + 1
    }
    let sum = 0
    for (let b = 0; b < BUCKETS; b++) {
      const n = starts[b] as number
      starts[b] = sum
      sum += n
    }
    for (let i = 0; i < count; i++) {
      const row = order[i] as number
      const digit = ((hashes[2 * row + offset] as number) >>> shift) & 0xffff
      const at = starts[digit] as number
      spare[at] = row
      starts[digit] = at + 1
    }
    ;[order, spare] = [spare, order]
  }
  return order
}

/** -1, 0 or 1 as row a's digest in `x` is below, equal to or above row b's in `y`. */
export function compareDigests(x: Uint32Array, a: number, y: Uint32Array, b: number): number {
  const high = (x[2 * a] as number) - (y[2 * b] as number)
  if (high !== 0) return high < 0 ? -1 : 1
  const low = (x[2 * a + 1] as number) - (y[2 * b + 1] as number)
  return low === 0 ? 0 : low < 0 ? -1 : 1
}
