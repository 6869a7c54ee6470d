import type { JobResult, TableJob } from '../../query-types.ts'

/** Messages between the query pool and its workers: a job names the version file it runs on. */
export interface WorkerJob {
  file: string
  job: TableJob
}

/** Sent by the pool to an idle worker when it closes: the worker closes its connections and ends. */
export const SHUT_DOWN = 'shut-down'

export type WorkerReply = { id: number; result: JobResult } | { id: number; error: string }
