import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { denyRead } from '../../access/policy.ts'
import { decodeCursor, encodeCursor } from '../../query/cursor.ts'
import { HttpProblem } from '../problem.ts'
import { DatasetIdParams, problemResponses } from '../schemas/common.ts'
import { RowsQuery, RowsResponse } from '../schemas/rows.ts'

/** Rows of a dataset's current version in primary-key order, paged by keyset cursor. */
const rowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/datasets/:id/rows', {
    schema: {
      tags: ['data'],
      summary: 'Rows of the current version, in primary-key order',
      params: DatasetIdParams,
      querystring: RowsQuery,
      response: { 200: RowsResponse, ...problemResponses(400, 401, 403, 404, 410) },
    },
  }, async (request, reply) => {
    const { id } = request.params
    const { _limit = 100, _cursor } = request.query
    const dataset = await app.store.getDataset(id)
    if (!dataset) throw new HttpProblem(404, `no dataset ${id}`)
    const denial = denyRead(dataset.entry, request.caller)
    if (denial) throw new HttpProblem(denial.status, denial.detail)
    if (!dataset.current) throw new HttpProblem(404, `dataset ${id} has no published version yet`)
    const cursor = _cursor === undefined ? undefined : decodeCursor(_cursor)
    if (_cursor !== undefined && !cursor) {
      throw new HttpProblem(400, '_cursor: not a cursor issued by this API; pass the previous page\'s next value unchanged', { errors: [{ path: '_cursor', message: 'malformed cursor' }] })
    }
    const version = cursor?.version ?? dataset.current.version
    if (!dataset.versions.some((v) => v.version === version)) {
      throw new HttpProblem(410, `_cursor: version ${version} of ${id} is no longer kept; start again without _cursor`)
    }
    const page = await app.store.readRows(id, version, { limit: _limit, ...(cursor ? { after: cursor.after } : {}) })
    const next = page.lastKey === undefined ? null : encodeCursor({ version, after: page.lastKey })
    if (next) {
      const params = new URLSearchParams({ _limit: String(_limit), _cursor: next })
      reply.header('link', `</api/v1/datasets/${id}/rows?${params}>; rel="next"`)
    }
    return { version, rows: page.rows, next }
  })
}

export default rowRoutes
