/**
 * Reads kept until a change notification (change-feed.ts) says they are stale. Nothing is kept while
 * the feed is not live. Values are frozen: every request shares them, and a caller that changed one
 * would change it for all the others.
 */
export class NotifiedCache<V> {
  private readonly entries = new Map<string, Promise<V>>()

  constructor(private readonly feed: { readonly live: boolean }, private readonly maxEntries = 1000) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.feed.live) return load()
    const kept = this.entries.get(key)
    if (kept) return kept
    const loading = load().then(deepFreeze)
    this.entries.set(key, loading)
    // a failed read is not kept; an entry forgotten meanwhile stays forgotten
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key)
    })
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    return loading
  }

  forget(key: string): void {
    this.entries.delete(key)
  }

  forgetWhere(stale: (key: string) => boolean): void {
    for (const key of this.entries.keys()) if (stale(key)) this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }
}

function deepFreeze<V>(value: V): V {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  for (const child of Object.values(value)) deepFreeze(child)
  return Object.freeze(value)
}
