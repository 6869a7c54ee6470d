import type { FastifyReply, FastifyRequest } from 'fastify'
import { denyRead } from '../access/policy.ts'
import type { Format, QueryError } from '../query/row-query.ts'
import { QueryTimeout } from '../query/pool.ts'
import type { DatasetRecord, VersionInfo } from '../store/types.ts'
import type { DatasetStore } from '../store/types.ts'
import { HttpProblem } from './problem.ts'

/** What the rows and aggregate routes share: the readable dataset, the format asked for, errors. */
export async function readableDataset(store: DatasetStore, id: string, request: FastifyRequest): Promise<DatasetRecord & { current: VersionInfo }> {
  const dataset = await store.getDataset(id)
  if (!dataset) throw new HttpProblem(404, `no dataset ${id}`)
  const denial = denyRead(dataset.entry, request.caller)
  if (denial) throw new HttpProblem(denial.status, denial.detail)
  if (!dataset.current) throw new HttpProblem(404, `dataset ${id} has no published version yet`)
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

/** Runs a query; past its time budget it becomes a 503 problem (the worker running it is stopped). */
export async function withinBudget<T>(run: () => Promise<T>, reply: FastifyReply): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof QueryTimeout) {
      reply.header('retry-after', '5')
      throw new HttpProblem(503, `${error.message}; narrow the filters, use an indexed field, or download the dataset`)
    }
    throw error
  }
}
