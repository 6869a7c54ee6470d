/**
 * Finished pages by exact query, least recently used first out. A version never changes, so a page
 * of it never goes stale; the budget is in bytes so that a few large CSV pages cannot crowd memory.
 */
export class PageCache<V extends { body: string | Uint8Array }> {
  private readonly entries = new Map<string, V>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  private static size(value: { body: string | Uint8Array }): number {
    return typeof value.body === 'string' ? value.body.length * 2 : value.body.byteLength
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key)
    if (value !== undefined) {
      // re-insert: Map order is the recency order
      this.entries.delete(key)
      this.entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    const size = PageCache.size(value)
    if (size > this.maxBytes / 8) return
    const old = this.entries.get(key)
    if (old) {
      this.bytes -= PageCache.size(old)
      this.entries.delete(key)
    }
    this.entries.set(key, value)
    this.bytes += size
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= PageCache.size(entry)
    }
  }
}
