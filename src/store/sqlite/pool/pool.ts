import { Worker } from 'node:worker_threads'
import type { ExecuteContext, JobResult, Lane } from '../../query-types.ts'
import { QueryFailed, QueryRefused, QueryTimeout } from '../../query-errors.ts'
import { Schedule, type WorkerKind } from '../../schedule.ts'
import { SHUT_DOWN, type WorkerJob, type WorkerReply } from './messages.ts'

/**
 * Runs queries on worker threads so that a slow query never blocks the event loop, and enforces a
 * time budget per query. The budget counts from the request's arrival, so time spent waiting for a
 * worker is part of it: a query still waiting at its deadline is answered without running, and one
 * still running is answered and cancelled: it ends at its next heartbeat (heartbeat.ts) and its
 * worker takes the next query; a worker whose query does not end soon after is terminated and
 * replaced. Which query runs next, and which may not even wait, is store/schedule.ts's to say.
 */
/** Time as the pool sees it; tests pass a fake one. */
export interface Clock {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(timer: unknown): void
}

export const SYSTEM_CLOCK: Clock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
}

export interface PoolOptions {
  /** Shared workers, which run any query; one more worker is kept for cheap queries. */
  workers: number
  /** Time budget of one query, from the request's arrival. */
  budgetMs: number
  /** Queries that may wait in each lane. */
  queueLength: number
  /** Queries one caller may have in the pool, running or waiting. */
  perCaller: number
  clock?: Clock
}

export type RunOptions = ExecuteContext

interface Pending {
  readonly id: number
  readonly job: WorkerJob
  readonly caller: string
  readonly lane: Lane
  resolve: (result: JobResult) => void
  reject: (error: Error) => void
  timer?: unknown
  worker?: Slot
  ended?: boolean
}

interface Slot {
  readonly kind: WorkerKind
  worker: Worker
  /** Shared with the worker: the id of the job the pool has cancelled. */
  readonly cancel: Int32Array
  /** Set while a cancelled query winds down: when it runs out, the worker is terminated. */
  grace?: unknown
  /** Set when the worker has loaded its modules: a booting worker takes no job. */
  ready: boolean
  current?: Pending
  /** The thread's exit code once it has ended, however it ended (1 when terminated). */
  exited: Promise<number>
}

/** How long close() lets a worker end by itself (finish booting, close its connections) before terminating it. */
const CLOSE_GRACE_MS = 5000
/**
 * How long a cancelled query may take to reach its next heartbeat. A scan gets there within 64 rows;
 * past this, the query is in work without heartbeats (a large sort, say) and the worker is replaced.
 */
export const CANCEL_GRACE_MS = 500
/**
 * How much lower the shared workers' CPU priority is than the rest of the process (nice steps, Linux).
 * A scan still gets every idle cycle, but when the cores are contended the event loop and the
 * cheap lane come first: otherwise a flood of scans takes the CPU that lookups need to be answered.
 */
export const SHARED_WORKER_NICE = 10

/**
 * The worker's code beside this module: compiled JavaScript under dist/ (npm start, the CLI), or the
 * TypeScript source in development and tests, which the worker loads through tsx as the main thread does
 * (tsx is resolved here, because eval'd code resolves packages from the working directory).
 */
function workerBootstrap(): string {
  const fromSource = import.meta.url.endsWith('.ts')
  const worker = JSON.stringify(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href)
  if (!fromSource) return `import(${worker})`
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  return `import(${tsx}).then(({ register }) => { register(); return import(${worker}) })`
}
const BOOTSTRAP = workerBootstrap()

export class QueryPool {
  readonly budgetMs: number
  private readonly slots: Slot[]
  private readonly schedule: Schedule<Pending>
  private readonly clock: Clock
  private readonly waiting: Array<() => void> = []
  private nextId = 1
  private closed = false
  private booted = false
  private terminated = 0

  constructor(options: PoolOptions) {
    this.budgetMs = options.budgetMs
    this.clock = options.clock ?? SYSTEM_CLOCK
    this.schedule = new Schedule({ queueLength: options.queueLength, perCaller: options.perCaller, sharedWorkers: options.workers })
    // the cheap worker first, so that a cheap query goes to it before it takes a shared one
    const kinds: WorkerKind[] = ['cheap', ...Array.from({ length: options.workers }, () => 'shared' as const)]
    this.slots = kinds.map((kind) => this.spawn(kind))
  }

  private spawn(kind: WorkerKind): Slot {
    const cancel = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { cancel, nice: kind === 'shared' ? SHARED_WORKER_NICE : 0 } })
    const slot: Slot = { kind, worker, cancel: new Int32Array(cancel), ready: false, exited: new Promise((resolve) => worker.once('exit', resolve)) }
    slot.worker.on('message', (reply: WorkerReply | 'ready') => {
      if (reply !== 'ready') return this.settle(slot, reply)
      slot.ready = true
      if (this.closed) return slot.worker.postMessage(SHUT_DOWN)
      // an idle worker must not keep the process alive; a booting or busy one must
      slot.worker.unref()
      if (this.slots.every((s) => s.ready)) {
        this.booted = true
        for (const resolve of this.waiting.splice(0)) resolve()
      }
      this.dispatch()
    })
    slot.worker.on('error', (error) => this.replace(slot, new QueryFailed(`query worker failed: ${error.message}`)))
    return slot
  }

  /**
   * Workers terminated and replaced so far (failed, or their cancelled query did not end in time): a
   * count that keeps growing means queries that do not reach a heartbeat.
   */
  get replacements(): number {
    return this.terminated
  }

  /** Resolves when every worker has started. */
  ready(): Promise<void> {
    return this.slots.every((s) => s.ready) ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve))
  }

  run(job: WorkerJob, options: RunOptions): Promise<JobResult> {
    if (this.closed) return Promise.reject(new QueryFailed('the query pool is closed'))
    const left = this.budgetMs - options.spentMs
    if (left <= 0) return Promise.reject(new QueryTimeout(this.budgetMs, false))
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, job, caller: options.caller, lane: options.lane, resolve, reject }
      const refusal = this.schedule.admit(pending)
      const { perCaller, queueLength } = this.schedule.limits
      if (refusal) return reject(new QueryRefused(refusal, refusal === 'caller-busy' ? perCaller : queueLength, this.budgetMs))
      // starting the workers is the server's one-off cost, not a sign that it is busy: the budget runs from
      // when they have booted (threads that load TypeScript can take seconds on a loaded machine)
      const startBudget = (): void => {
        if (!pending.ended) pending.timer = this.clock.setTimeout(() => this.expire(pending), left)
      }
      if (this.booted) startBudget()
      else void this.ready().then(startBudget)
      this.dispatch()
    })
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || !slot.ready) continue
      const next = this.schedule.take(slot.kind)
      if (!next) continue
      slot.current = next
      next.worker = slot
      slot.worker.ref()
      slot.worker.postMessage({ id: next.id, job: next.job })
    }
  }

  /** Takes a query out of the pool and answers it, exactly once whatever raced to end it. */
  private end(pending: Pending, outcome: { result: JobResult } | { error: Error }): void {
    if (pending.ended) return
    pending.ended = true
    this.clock.clearTimeout(pending.timer)
    this.schedule.leave(pending)
    if ('error' in outcome) pending.reject(outcome.error)
    else pending.resolve(outcome.result)
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const pending = slot.current
    if (!pending || pending.id !== reply.id) return
    slot.current = undefined
    this.clock.clearTimeout(slot.grace)
    slot.worker.unref()
    // a cancelled query's reply (its error, or a result that came too late) finds it answered already
    this.end(pending, 'error' in reply ? { error: new QueryFailed(reply.error) } : { result: reply.result })
    this.dispatch()
  }

  private expire(pending: Pending): void {
    const slot = pending.worker
    this.end(pending, { error: new QueryTimeout(this.budgetMs, slot !== undefined) })
    if (slot?.current !== pending) return
    Atomics.store(slot.cancel, 0, pending.id)
    slot.grace = this.clock.setTimeout(() => {
      if (slot.current === pending) this.replace(slot)
    }, CANCEL_GRACE_MS)
  }

  /** Terminates a worker (stopping whatever it runs) and puts a fresh one in its place. */
  private replace(slot: Slot, error?: Error): void {
    const index = this.slots.indexOf(slot)
    if (index < 0) return
    const interrupted = slot.current
    slot.current = undefined
    this.clock.clearTimeout(slot.grace)
    void slot.worker.terminate()
    this.terminated++
    if (interrupted && error) this.end(interrupted, { error })
    if (!this.closed) {
      this.slots[index] = this.spawn(slot.kind)
      this.dispatch()
    }
  }

  /** Rejects waiting and running queries and ends every worker; resolves with the workers' exit codes (0: ended by itself). */
  async close(): Promise<number[]> {
    this.closed = true
    for (const pending of this.schedule.drain()) this.end(pending, { error: new QueryFailed('the query pool is closed') })
    return Promise.all(this.slots.map((slot) => this.stop(slot)))
  }

  /**
   * Ends a worker without pulling the thread out from under its SQLite connections where it can: an
   * idle worker closes them and ends by itself, a booting one does so once it has started; only a
   * worker still running a query (nothing else interrupts better-sqlite3) or one that overstays the
   * grace period is terminated.
   */
  private async stop(slot: Slot): Promise<number> {
    // idle workers are unref'd; the process must wait for them to end
    slot.worker.ref()
    const running = slot.current
    this.clock.clearTimeout(slot.grace)
    if (running) {
      slot.current = undefined
      this.end(running, { error: new QueryFailed('the query pool is closed') })
      void slot.worker.terminate()
    } else if (slot.ready) slot.worker.postMessage(SHUT_DOWN)
    const overstayed = setTimeout(() => void slot.worker.terminate(), CLOSE_GRACE_MS)
    const code = await slot.exited
    clearTimeout(overstayed)
    return code
  }
}
