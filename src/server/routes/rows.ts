import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bindingDigest, decodeCursor, encodeCursor } from '../../query/cursor.ts'
import { cursorBinding, parseRowQuery, type RawQuery } from '../../query/row-query.ts'
import { HttpProblem } from '../problem.ts'
import { badQuery, formatFromAccept, MEDIA_TYPES, readableDataset, withinBudget } from '../query-route.ts'
import { DatasetIdParams, problemResponses } from '../schemas/common.ts'
import { RowsQuery, RowsResponse } from '../schemas/rows.ts'

/** Row queries (SPEC §6.1): filters, sorts, keyset pages, full text, counts; JSON, CSV or Arrow. */
const rowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/datasets/:id/rows', {
    schema: {
      tags: ['data'],
      summary: 'Query the rows of the current version',
      params: DatasetIdParams,
      querystring: RowsQuery,
      response: { 200: RowsResponse, ...problemResponses(400, 401, 403, 404, 410, 503) },
    },
  }, async (request, reply) => {
    const { id } = request.params
    const dataset = await readableDataset(app.store, id, request)
    const fields = dataset.current.fields
    const { query, errors } = parseRowQuery(request.query as RawQuery, fields, formatFromAccept(request.headers.accept))
    if (!query) throw badQuery(errors)
    const binding = bindingDigest(cursorBinding(query))
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
    if (query.cursor !== undefined && !cursor) throw badQuery([{ path: '_cursor', message: 'not a cursor issued by this API; pass the previous page\'s next value unchanged' }])
    if (cursor && cursor.binding !== binding) throw badQuery([{ path: '_cursor', message: 'belongs to another query: keep the filters, _sort and _search of the query that returned it' }])
    const version = cursor?.version ?? dataset.current.version
    if (!dataset.versions.some((v) => v.version === version)) {
      throw new HttpProblem(410, `_cursor: version ${version} of ${id} is no longer kept; start again without _cursor`)
    }
    const page = await withinBudget(() => app.store.queryRows(id, version, query, cursor?.after), reply)
    const next = page.after ? encodeCursor({ version, binding, after: page.after }) : null
    if (next) {
      const params = new URLSearchParams()
      for (const [name, value] of Object.entries(request.query as RawQuery)) {
        if (name === '_cursor' || value === undefined) continue
        for (const v of Array.isArray(value) ? value : [value]) params.append(name, v)
      }
      params.set('_cursor', next)
      reply.header('link', `</api/v1/datasets/${id}/rows?${params}>; rel="next"`)
    }
    request.auditRecord = { version, rows: page.count }
    reply.header('x-dataset-version', String(version))
    if (page.total !== undefined) reply.header('x-total-count', String(page.total))
    reply.type(MEDIA_TYPES[query.format])
    if (query.format !== 'json') return reply.send(page.body as never)
    const total = page.total === undefined ? '' : `,"total":${page.total}`
    return reply.send(`{"version":${version},"rows":${page.body as string},"next":${JSON.stringify(next)}${total}}` as never)
  })
}

export default rowRoutes
