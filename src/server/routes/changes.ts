import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { CellValue } from '../../catalog/values.ts'
import { ChangeLog, ChangesBusy, type ChangePage, type Compared, type PageStart } from '../../changes/change-log.ts'
import { bindingDigest, decodeCursor, encodeCursor } from '../../query/cursor.ts'
import { changesToCsv } from '../../serialise/csv.ts'
import type { ChangeLayout } from '../../serialise/fields.ts'
import { changesToJson } from '../../serialise/json.ts'
import { changesToNdjson } from '../../serialise/ndjson.ts'
import { changeSummaryView } from '../change-view.ts'
import { changesPair } from '../changes-pair.ts'
import { CHANGES_MEDIA_TYPES, parseChangesQuery, type ChangesFormat } from '../changes-query.ts'
import { HttpProblem } from '../problem.ts'
import { badQuery, readableDataset } from '../query-route.ts'
import { ChangesParams, ChangesQuery, ChangesResponse } from '../schemas/changes.ts'
import { problemResponses } from '../schemas/common.ts'

/**
 * What changed between two kept versions, row by row (issue 12 §2): JSON with the summary, CSV or NDJSON,
 * paged by cursor. A data route (access/data-routes.ts): the grade policy, rate limits and audit of the
 * row routes apply to it as to them, and it serves only what the store's versions published. The paging
 * and its costs are changes/change-log.ts's.
 */
const SERIALISERS: Readonly<Record<ChangesFormat, (page: ChangePage['rows'], layout: ChangeLayout) => string>> = {
  json: changesToJson,
  csv: changesToCsv,
  ndjson: changesToNdjson,
}

/** How long a caller refused for want of a computation slot should wait: about what one comparison of large versions takes. */
const BUSY_RETRY_SECONDS = 5

const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const log = new ChangeLog(app.store)

  app.get('/api/v1/datasets/:id/versions/:version/changes', {
    schema: {
      tags: ['data'],
      summary: 'The rows added, removed and changed in a kept version against an earlier one',
      params: ChangesParams,
      querystring: ChangesQuery,
      response: { 200: ChangesResponse, ...problemResponses(400, 401, 403, 404, 410, 429, 503) },
    },
  }, async (request, reply) => {
    const { id } = request.params
    const dataset = await readableDataset(app.store, id, request)
    const { query, errors } = parseChangesQuery(request.query, request.headers.accept)
    if (!query) throw badQuery(errors)
    const { from, to } = changesPair(dataset, request.params.version, query.from)
    const binding = bindingDigest(JSON.stringify(['changes', id, from.version, to.version]))
    const start = pageStart(query.cursor, binding, log.matching(from, to) === 'content', to)
    const { summary, page } = await busyAsUnavailable(reply, async () => ({
      summary: await log.summary(id, from, to),
      page: await log.page(id, from, to, start, query.limit),
    }))
    const next = page.next ? encodeCursor({ version: to.version, binding, after: ['at' in page.next ? page.next.at : cursorKey(page.next.after)] }) : null
    if (next) reply.header('link', `<${nextUrl(request.url, next)}>; rel="next"`)
    request.auditRecord = { version: to.version, rows: page.rows.length }
    reply.header('x-dataset-version', String(to.version))
    reply.header('x-changes-from', String(from.version))
    reply.type(CHANGES_MEDIA_TYPES[query.format])
    const layout: ChangeLayout = {
      keyType: to.fields.find((f) => f.name === to.primaryKey)?.type ?? 'string',
      before: from.fields,
      after: to.fields,
    }
    const body = SERIALISERS[query.format](page.rows, layout)
    if (query.format !== 'json') return reply.send(body as never)
    return reply.send(`{"from":${from.version},"to":${to.version},"summary":${JSON.stringify(changeSummaryView(summary))},"rows":${body},"next":${JSON.stringify(next)}}` as never)
  })
}

/**
 * Where the page starts: a cursor issued for the same two versions (its binding says which), holding a
 * primary-key value of the key's type, or for rows matched by content a position in their list.
 */
function pageStart(cursor: string | undefined, binding: string, byContent: boolean, to: Compared): PageStart {
  if (cursor === undefined) return {}
  const decoded = decodeCursor(cursor)
  const value = decoded?.after[0]
  if (!decoded || decoded.after.length !== 1 || value === undefined) throw badCursor('not a cursor issued by this API; pass the previous page\'s next value unchanged')
  if (decoded.version !== to.version || decoded.binding !== binding) throw badCursor('belongs to the changes of other versions: keep the version and from of the request that returned it')
  if (byContent) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw badCursor('not a cursor issued by this API')
    return { at: value }
  }
  const keyType = to.fields.find((f) => f.name === to.primaryKey)?.type
  const numeric = keyType === 'integer' || keyType === 'number' || keyType === 'year' || keyType === 'boolean'
  if (value === null || typeof value !== (numeric ? 'number' : 'string')) throw badCursor('not a cursor issued by this API')
  return { after: value }
}

function badCursor(message: string): HttpProblem {
  return badQuery([{ path: '_cursor', message }])
}

/** A boolean key (SQLite's 0 and 1) as a cursor carries it. */
function cursorKey(key: CellValue | undefined): string | number | null {
  return typeof key === 'boolean' ? Number(key) : (key ?? null)
}

function nextUrl(url: string, cursor: string): string {
  const [path, search] = url.split('?', 2) as [string, string | undefined]
  const params = new URLSearchParams(search)
  params.set('_cursor', cursor)
  return `${path}?${params}`
}

async function busyAsUnavailable<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof ChangesBusy)) throw error
    reply.header('retry-after', String(BUSY_RETRY_SECONDS))
    throw new HttpProblem(503, error.message)
  }
}

export default changeRoutes
