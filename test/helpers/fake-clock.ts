import type { Clock } from '../../src/store/sqlite/pool/pool.ts'

/**
 * Time for the query pool that moves only when a test says so: budgets run out exactly when the test
 * advances past them, never because the machine was slow.
 */
export class FakeClock implements Clock {
  private now = 0
  private nextId = 1
  private readonly timers = new Map<number, { at: number; run: () => void }>()
  private readonly watchers: Array<() => void> = []

  setTimeout(run: () => void, ms: number): number {
    const id = this.nextId++
    this.timers.set(id, { at: this.now + ms, run })
    for (const resolve of this.watchers.splice(0)) resolve()
    return id
  }

  clearTimeout(timer: unknown): void {
    this.timers.delete(timer as number)
  }

  /** Timers set and not yet run or cleared: one per query in the pool. */
  get pending(): number {
    return this.timers.size
  }

  /** Resolves when the next timer is set, that is when the pool has admitted the next query. */
  nextTimer(): Promise<void> {
    return new Promise((resolve) => this.watchers.push(resolve))
  }

  /** Moves time on by `ms`, running every timer that falls due, earliest first. */
  advance(ms: number): void {
    const until = this.now + ms
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0]
      if (!due) break
      const [id, timer] = due
      this.timers.delete(id)
      this.now = timer.at
      timer.run()
    }
    this.now = until
  }
}
