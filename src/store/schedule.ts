import type { Lane } from './query-types.ts'
import type { Refusal } from './query-errors.ts'

/**
 * Which waiting query a free worker takes next, and whether a new query may wait at all (SPEC §6.1:
 * a slow query must not stall other requests). Pure bookkeeping, no threads and no clock: the pool
 * (sqlite/pool/pool.ts) applies it, and test/store/schedule.test.ts tables it.
 *
 * - Two lanes. Cheap queries (primary-key lookups, see query/lane.ts) have a worker of their own and may
 *   take any idle shared worker too; expensive ones never take the cheap worker, so however many
 *   scans are running, a lookup waits only for the lookups ahead of it.
 * - Each lane's waiting line is bounded: a query that would wait beyond it is refused at once (503),
 *   rather than queued only to run out its budget.
 * - A caller (key id or client IP) has at most `perCaller` queries in the pool, running or waiting;
 *   another is refused at once (429). Without this, one caller's 40 connections fill the line.
 * - A caller runs expensive queries on all shared workers but one at most, so that another caller's
 *   query always finds a worker soon; of the waiting queries, the one whose caller has the fewest
 *   running goes first, then the oldest.
 */

/** The cheap lane's own worker, or one of the shared workers. */
export type WorkerKind = 'cheap' | 'shared'

export interface Ticket {
  readonly caller: string
  readonly lane: Lane
}

export interface ScheduleLimits {
  /** Queries that may wait in each lane. */
  queueLength: number
  /** Queries one caller may have in the pool, running or waiting. */
  perCaller: number
  /** Workers that run expensive queries (the cheap lane's worker not counted). */
  sharedWorkers: number
}

function bump(counts: Map<string, number>, caller: string, by: number): void {
  const next = (counts.get(caller) ?? 0) + by
  if (next > 0) counts.set(caller, next)
  else counts.delete(caller)
}

export class Schedule<T extends Ticket> {
  private readonly waiting: Record<Lane, T[]> = { cheap: [], expensive: [] }
  /** Per caller: queries running or waiting. */
  private readonly inPool = new Map<string, number>()
  /** Per caller: expensive queries running. */
  private readonly runningExpensive = new Map<string, number>()
  private readonly running = new Set<T>()

  constructor(readonly limits: ScheduleLimits) {}

  /** The most shared workers one caller's expensive queries may hold at once. */
  get expensivePerCaller(): number {
    return Math.max(1, this.limits.sharedWorkers - 1)
  }

  /** Puts a query in line, or says why it may not wait. */
  admit(ticket: T): Refusal | undefined {
    if ((this.inPool.get(ticket.caller) ?? 0) >= this.limits.perCaller) return 'caller-busy'
    if (this.waiting[ticket.lane].length >= this.limits.queueLength) return 'queue-full'
    this.waiting[ticket.lane].push(ticket)
    bump(this.inPool, ticket.caller, 1)
    return undefined
  }

  /** The query a free worker of this kind runs next, now counted as running; undefined to stay idle. */
  take(worker: WorkerKind): T | undefined {
    const cheap = this.waiting.cheap.shift()
    if (cheap) return this.start(cheap)
    if (worker === 'cheap') return undefined
    const line = this.waiting.expensive
    let best = -1
    let fewest = this.expensivePerCaller
    for (const [index, ticket] of line.entries()) {
      const running = this.runningExpensive.get(ticket.caller) ?? 0
      if (running < fewest) {
        best = index
        fewest = running
      }
    }
    if (best < 0) return undefined
    const [ticket] = line.splice(best, 1) as [T]
    bump(this.runningExpensive, ticket.caller, 1)
    return this.start(ticket)
  }

  private start(ticket: T): T {
    this.running.add(ticket)
    return ticket
  }

  /** A query leaves the pool, whether it ran (answered, failed, cut at its budget) or was still waiting. */
  leave(ticket: T): void {
    if (this.running.delete(ticket)) {
      if (ticket.lane === 'expensive') bump(this.runningExpensive, ticket.caller, -1)
    } else {
      const line = this.waiting[ticket.lane]
      const index = line.indexOf(ticket)
      if (index < 0) return
      line.splice(index, 1)
    }
    bump(this.inPool, ticket.caller, -1)
  }

  /** Takes every waiting query out of line (the pool is closing). */
  drain(): T[] {
    const all = [...this.waiting.cheap, ...this.waiting.expensive]
    for (const ticket of all) this.leave(ticket)
    return all
  }
}
