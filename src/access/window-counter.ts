/**
 * Fixed-window counters kept in this process. Each subject's window starts with its first hit (not at
 * the top of the minute), so clients do not all reset at once and a burst at :59 cannot be followed by
 * a full second window at :00. Expired windows are swept at most once per window length; the map is
 * also capped, because counting by IP means anyone can make us remember new subjects.
 *
 * The interface is async so that a shared store (Redis, for several server processes, SPEC §7) can
 * stand in without changing the callers.
 */
export interface WindowState {
  /** Hits in the current window, this one included. */
  count: number
  /** When the current window ends (ms since the epoch). */
  resetAt: number
}

export interface RateCounter {
  /** Counts one hit for `subject` and returns its window. */
  hit(subject: string, now: number): Promise<WindowState>
  /** The current window without counting, or undefined when the subject has none running. */
  peek(subject: string, now: number): Promise<WindowState | undefined>
}

export class MemoryWindowCounter implements RateCounter {
  private readonly windows = new Map<string, WindowState>()
  private nextSweep = 0

  constructor(readonly windowMs: number, private readonly maxSubjects = 200_000) {}

  async hit(subject: string, now: number): Promise<WindowState> {
    this.sweep(now)
    let state = this.windows.get(subject)
    if (!state || state.resetAt <= now) {
      // delete first so that insertion order stays oldest-window-first for the cap below
      this.windows.delete(subject)
      state = { count: 0, resetAt: now + this.windowMs }
      this.windows.set(subject, state)
      this.enforceCap()
    }
    state.count++
    return { ...state }
  }

  async peek(subject: string, now: number): Promise<WindowState | undefined> {
    const state = this.windows.get(subject)
    return state && state.resetAt > now ? { ...state } : undefined
  }

  get size(): number {
    return this.windows.size
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return
    this.nextSweep = now + this.windowMs
    for (const [subject, state] of this.windows) if (state.resetAt <= now) this.windows.delete(subject)
  }

  /** Forgets the oldest windows beyond the cap: under a flood of new subjects, old ones start afresh. */
  private enforceCap(): void {
    let excess = this.windows.size - this.maxSubjects
    for (const subject of this.windows.keys()) {
      if (excess-- <= 0) break
      this.windows.delete(subject)
    }
  }
}
