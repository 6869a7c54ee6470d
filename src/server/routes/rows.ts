import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bindingDigest, decodeCursor, encodeCursor, type Cursor } from '../../query/cursor.ts'
import { cursorBinding, parseRowQuery, type RawQuery } from '../../query/row-query.ts'
import type { DatasetRecord, VersionInfo } from '../../store/types.ts'
import { HttpProblem } from '../problem.ts'
import { withdrawalOf, withdrawnProblem } from '../withdrawn.ts'
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
      response: { 200: RowsResponse, ...problemResponses(400, 401, 403, 404, 410, 429, 503) },
    },
  }, async (request, reply) => {
    const { id } = request.params
    const dataset = await readableDataset(app.store, id, request)
    const raw = request.query as RawQuery
    const cursor = typeof raw._cursor === 'string' ? decodeCursor(raw._cursor) : undefined
    const pinned = pinnedVersion(dataset, cursor)
    const { query, errors } = parseRowQuery(raw, pinned.fields, formatFromAccept(request.headers.accept))
    if (!query) throw badQuery(pinned === dataset.current ? errors : errors.map((e) => ({ ...e, message: `${e.message} ${pinnedNote(pinned, dataset.current)}` })))
    const binding = bindingDigest(cursorBinding(query))
    if (query.cursor !== undefined && !cursor) throw badQuery([{ path: '_cursor', message: 'not a cursor issued by this API; pass the previous page\'s next value unchanged' }])
    if (cursor && cursor.binding !== binding) throw badQuery([{ path: '_cursor', message: 'belongs to another query: keep the filters, _sort and _search of the query that returned it' }])
    const { version } = pinned
    const page = await withinBudget((context) => app.queryEngine.rows(id, version, query, context, cursor?.after), request, reply)
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

/**
 * The version a query runs on: the current one, or the one its cursor pins. The query is read in
 * that version's schema, so a walk begun before a field was renamed, retyped or dropped goes on as it began.
 */
function pinnedVersion(dataset: DatasetRecord & { current: VersionInfo }, cursor: Cursor | undefined): VersionInfo {
  if (!cursor) return dataset.current
  const kept = dataset.versions.find((v) => v.version === cursor.version)
  if (kept) return kept
  const withdrawn = withdrawalOf(dataset, cursor.version)
  if (withdrawn) throw withdrawnProblem(dataset.id, withdrawn, { prefix: '_cursor: ', advice: 'start again without _cursor' })
  throw new HttpProblem(410, `_cursor: version ${cursor.version} of ${dataset.id} is no longer kept; start again without _cursor`)
}

function pinnedNote(pinned: VersionInfo, current: VersionInfo): string {
  return `(in version ${pinned.version}, which _cursor pins; start again without _cursor to query version ${current.version})`
}

export default rowRoutes
