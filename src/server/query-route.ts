import type { FastifyReply, FastifyRequest } from 'fastify'
import { denyRead } from '../access/policy.ts'
import type { Format, QueryError } from '../query/row-query.ts'
import { callerSubject } from '../access/rate-limits.ts'
import type { QueryContext } from '../query/engine.ts'
import { QueryRefused, QueryTimeout } from '../store/query-errors.ts'
import type { DatasetRecord, VersionInfo } from '../store/types.ts'
import type { DatasetStore } from '../store/types.ts'
import { HttpProblem } from './problem.ts'
import { currentWithdrawnProblem } from './withdrawn.ts'

/** What the rows and aggregate routes share: the readable dataset, the format asked for, errors. */
export async function readableDataset(store: DatasetStore, id: string, request: FastifyRequest): Promise<DatasetRecord & { current: VersionInfo }> {
  const dataset = await store.getDataset(id)
  if (!dataset) throw new HttpProblem(404, `no dataset ${id}`)
  const denial = denyRead(dataset.entry, request.caller)
  if (denial) throw new HttpProblem(denial.status, denial.detail)
  if (!dataset.current) throw currentWithdrawnProblem(dataset) ?? new HttpProblem(404, `dataset ${id} has no published version yet`)
  return dataset as DatasetRecord & { current: VersionInfo }
}

export const MEDIA_TYPES: Readonly<Record<Format, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.stream',
}

/** The format an Accept header prefers (an explicit _format wins over it). */
export function formatFromAccept(accept: string | undefined): Format {
  if (!accept) return 'json'
  if (accept.includes('application/vnd.apache.arrow.stream')) return 'arrow'
  if (accept.includes('text/csv')) return 'csv'
  return 'json'
}

export function badQuery(errors: readonly QueryError[]): HttpProblem {
  return new HttpProblem(400, errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: [...errors] })
}

/** How long a client should wait after a query that ran out of its budget: retrying it unchanged will not help sooner. */
const RAN_OUT_RETRY_SECONDS = 5

/**
 * Runs a query for this request's caller, its budget counted from the request's arrival. Overload
 * becomes a problem with Retry-After at once: the caller's own queries at their limit a 429, the
 * line full or the budget spent waiting a 503 (retry after one budget, by when the line has turned
 * over), the budget spent running a 503 that says how to narrow the query.
 */
export async function withinBudget<T>(run: (context: QueryContext) => Promise<T>, request: FastifyRequest, reply: FastifyReply): Promise<T> {
  try {
    return await run({ caller: callerSubject(request.caller.keyId, request.ip), spentMs: performance.now() - request.arrivedAt })
  } catch (error) {
    if (!(error instanceof QueryRefused || error instanceof QueryTimeout)) throw error
    const busyRetry = String(Math.max(1, Math.ceil(error.budgetMs / 1000)))
    if (error instanceof QueryRefused) {
      reply.header('retry-after', busyRetry)
      throw new HttpProblem(error.reason === 'caller-busy' ? 429 : 503, `${error.message}; retry in ${busyRetry} s`)
    }
    if (!error.ran) {
      reply.header('retry-after', busyRetry)
      throw new HttpProblem(503, `${error.message}; retry in ${busyRetry} s`)
    }
    reply.header('retry-after', String(RAN_OUT_RETRY_SECONDS))
    throw new HttpProblem(503, `${error.message}; narrow the filters, use an indexed field, or download the dataset`)
  }
}
