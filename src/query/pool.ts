import { Worker } from 'node:worker_threads'
import { SHUT_DOWN, type JobResult, type QueryJob, type WorkerReply } from './jobs.ts'

/**
 * Runs queries on worker threads so that a slow query never blocks the event loop, and enforces a
 * time budget per query: a query still running when its budget is spent is answered with
 * QueryTimeout, and its worker is terminated and replaced. The budget runs from the moment a
 * worker takes the query, so waiting behind other queries (each bounded by its own budget) or
 * behind a worker's start does not count against it.
 */
export class QueryTimeout extends Error {
  constructor(readonly budgetMs: number) {
    super(`the query did not finish within its ${budgetMs} ms budget`)
  }
}

export class QueryFailed extends Error {}

interface Pending {
  id: number
  job: QueryJob
  budgetMs: number
  resolve: (result: JobResult) => void
  reject: (error: Error) => void
  /** Started when a worker takes the job: the budget is for running the query, not for waiting to. */
  timer?: NodeJS.Timeout
  worker?: Slot
}

interface Slot {
  worker: Worker
  /** Set when the worker has loaded its modules: a booting worker takes no job, so its start-up never eats a budget. */
  ready: boolean
  current?: Pending
  /** The thread's exit code once it has ended, however it ended (1 when terminated). */
  exited: Promise<number>
}

/** How long close() lets a worker end by itself (finish booting, close its connections) before terminating it. */
const CLOSE_GRACE_MS = 5000

const WORKER_URL = new URL('./worker.ts', import.meta.url).href
// Workers load TypeScript the same way the main thread does (tsx), whatever loader started the process;
// tsx is resolved here, because eval'd code resolves packages from the working directory.
const TSX_API = import.meta.resolve('tsx/esm/api')
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}) })`

export class QueryPool {
  private readonly slots: Slot[] = []
  private readonly queue: Pending[] = []
  private nextId = 1
  private closed = false

  constructor(size: number, readonly budgetMs: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn())
  }

  private readonly waiting: Array<() => void> = []

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true })
    const slot: Slot = { worker, ready: false, exited: new Promise((resolve) => worker.once('exit', resolve)) }
    slot.worker.on('message', (reply: WorkerReply | 'ready') => {
      if (reply !== 'ready') return this.settle(slot, reply)
      slot.ready = true
      if (this.closed) return slot.worker.postMessage(SHUT_DOWN)
      // an idle worker must not keep the process alive; a booting or busy one must
      slot.worker.unref()
      if (this.slots.every((s) => s.ready)) for (const resolve of this.waiting.splice(0)) resolve()
      this.dispatch()
    })
    slot.worker.on('error', (error) => this.replace(slot, new QueryFailed(`query worker failed: ${error.message}`)))
    return slot
  }

  /** Resolves when every worker has started. */
  ready(): Promise<void> {
    return this.slots.every((s) => s.ready) ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve))
  }

  run(job: QueryJob, budgetMs = this.budgetMs): Promise<JobResult> {
    if (this.closed) return Promise.reject(new QueryFailed('the query pool is closed'))
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, job, budgetMs, resolve, reject }
      this.queue.push(pending)
      this.dispatch()
    })
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || !slot.ready) continue
      const next = this.queue.shift()
      if (!next) return
      slot.current = next
      next.worker = slot
      next.timer = setTimeout(() => this.expire(next), next.budgetMs)
      slot.worker.ref()
      slot.worker.postMessage({ id: next.id, job: next.job })
    }
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const pending = slot.current
    if (!pending || pending.id !== reply.id) return
    slot.current = undefined
    slot.worker.unref()
    clearTimeout(pending.timer)
    if ('error' in reply) pending.reject(new QueryFailed(reply.error))
    else pending.resolve(reply.result)
    this.dispatch()
  }

  private expire(pending: Pending): void {
    pending.reject(new QueryTimeout(pending.budgetMs))
    if (pending.worker?.current === pending) this.replace(pending.worker)
  }

  /** Terminates a worker (stopping whatever it runs) and puts a fresh one in its place. */
  private replace(slot: Slot, error?: Error): void {
    const index = this.slots.indexOf(slot)
    if (index < 0) return
    const interrupted = slot.current
    slot.current = undefined
    void slot.worker.terminate()
    if (interrupted && error) {
      clearTimeout(interrupted.timer)
      interrupted.reject(error)
    }
    if (!this.closed) {
      this.slots[index] = this.spawn()
      this.dispatch()
    }
  }

  /** Rejects waiting and running queries and ends every worker; resolves with the workers' exit codes (0: ended by itself). */
  async close(): Promise<number[]> {
    this.closed = true
    for (const pending of this.queue.splice(0)) {
      clearTimeout(pending.timer)
      pending.reject(new QueryFailed('the query pool is closed'))
    }
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
    if (running) {
      slot.current = undefined
      clearTimeout(running.timer)
      running.reject(new QueryFailed('the query pool is closed'))
      void slot.worker.terminate()
    } else if (slot.ready) slot.worker.postMessage(SHUT_DOWN)
    const overstayed = setTimeout(() => void slot.worker.terminate(), CLOSE_GRACE_MS)
    const code = await slot.exited
    clearTimeout(overstayed)
    return code
  }
}
