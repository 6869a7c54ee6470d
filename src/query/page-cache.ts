/**
 * Finished pages by exact query, least recently used first out. A version never changes, so a page
 * of it never goes stale; the budget is in bytes so that a few large CSV pages cannot crowd memory.
 * Pages being computed are shared too: identical queries that arrive together run once.
 */
export class PageCache<V extends { body: string | Uint8Array }> {
  private readonly entries = new Map<string, V>()
  private readonly running = new Map<string, Promise<V>>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  private static size(value: { body: string | Uint8Array }): number {
    return typeof value.body === 'string' ? value.body.length * 2 : value.body.byteLength
  }

  /**
   * The page for `key`: from the cache, from a run of the same query already under way (a page many
   * want at once, say a popular first page, costs one worker and one place in line, not one per
   * request), or from `start`. A joiner whose shared run failed in a way `retryAlone` accepts (turned
   * away for its first caller's reasons: that caller's limit, not the query) starts its own.
   */
  async through(key: string, start: () => Promise<V>, retryAlone: (error: unknown) => boolean): Promise<V> {
    const cached = this.get(key)
    if (cached) return cached
    const running = this.running.get(key)
    if (running) {
      try {
        return await running
      } catch (error) {
        if (!retryAlone(error)) throw error
      }
    }
    const run = start()
    this.running.set(key, run)
    try {
      const value = await run
      this.set(key, value)
      return value
    } finally {
      if (this.running.get(key) === run) this.running.delete(key)
    }
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
