import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { parseAggregateQuery } from '../../query/aggregate.ts'
import type { RawQuery } from '../../query/row-query.ts'
import { badQuery, formatFromAccept, MEDIA_TYPES, readableDataset, withinBudget } from '../query-route.ts'
import { DatasetIdParams, problemResponses } from '../schemas/common.ts'
import { AggregateQuery, AggregateResponse } from '../schemas/rows.ts'

/** Groups and aggregates over the current version, with the same filters as rows. */
const aggregateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/datasets/:id/aggregate', {
    schema: {
      tags: ['data'],
      summary: 'Group and aggregate the rows of the current version',
      params: DatasetIdParams,
      querystring: AggregateQuery,
      response: { 200: AggregateResponse, ...problemResponses(400, 401, 403, 404, 410, 429, 503) },
    },
  }, async (request, reply) => {
    const { id } = request.params
    const dataset = await readableDataset(app.store, id, request)
    const { query, errors } = parseAggregateQuery(request.query as RawQuery, dataset.current.fields, formatFromAccept(request.headers.accept))
    if (!query) throw badQuery(errors)
    const version = dataset.current.version
    const result = await withinBudget((context) => app.queryEngine.aggregate(id, version, query, context), request, reply)
    request.auditRecord = { version, rows: result.count }
    reply.header('x-dataset-version', String(version))
    reply.type(MEDIA_TYPES[query.format])
    if (query.format !== 'json') return reply.send(result.body as never)
    return reply.send(`{"version":${version},"groups":${result.body as string},"truncated":${result.truncated}}` as never)
  })
}

export default aggregateRoutes
