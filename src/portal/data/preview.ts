import type { FastifyInstance, FastifyRequest } from 'fastify'
import { readAccess } from '../../access/policy.ts'
import type { CellValue } from '../../desensitise/types.ts'
import { bindingDigest, decodeCursor, encodeCursor } from '../../query/cursor.ts'
import { cursorBinding, parseRowQuery, type QueryError, type RawQuery } from '../../query/row-query.ts'
import type { DatasetRecord, PublicField, VersionInfo } from '../../store/types.ts'
import type { ReadAccess } from '../../config/grades.ts'
import { rowParams } from '../client/page-params.ts'
import { pageLinks, pageParamName, previewState, type DatasetPageQuery, type PageLinks, type PreviewState } from '../dataset-page-query.ts'
import { callerSubject } from '../../access/rate-limits.ts'
import type { QueryContext } from '../../query/engine.ts'
import { QueryRefused, QueryTimeout } from '../../store/query-errors.ts'

/** A column of the preview: the public field as served. */
export type PreviewField = Pick<PublicField, 'name' | 'type' | 'title' | 'title_en' | 'index' | 'unit'>

/**
 * What the preview section shows. Rows are rendered on the server only for data anyone may read:
 * page requests carry no key (it stays in the browser), and the page may be cached publicly.
 */
export type PreviewModel = PreviewView & { page: PageLinks }

export type PreviewView =
  | { kind: 'closed' }
  | { kind: 'no-version' }
  | { kind: 'needs-key'; access: Exclude<ReadAccess, 'anyone' | 'nobody'>; fields: PreviewField[]; state: PreviewState }
  | { kind: 'invalid'; fields: PreviewField[]; state: PreviewState; errors: QueryError[] }
  | { kind: 'busy'; fields: PreviewField[]; state: PreviewState; busy: Busy }
  | {
      kind: 'rows'
      fields: PreviewField[]
      state: PreviewState
      version: number
      rows: Array<Record<string, CellValue>>
      /** The cursor of the next page, when more rows follow. */
      next?: string
      /** Rows matching the filters (all rows without filters). */
      total?: number
      /** Rows of the current version. */
      rowCount: number
    }

/** Why a query of the page did not run or finish: the pool is busy, or the query ran out of its time budget. */
export interface Busy {
  reason: 'busy' | 'slow'
  message: string
}

/**
 * Runs a page's query as an anonymous caller within the request's time budget (like the API's
 * withinBudget), turning overload into a notice for the section instead of an error page.
 */
export async function anonymousQuery<T>(request: FastifyRequest, run: (context: QueryContext) => Promise<T>): Promise<{ value: T } | { busy: Busy }> {
  try {
    return { value: await run({ caller: callerSubject(undefined, request.ip), spentMs: performance.now() - request.arrivedAt }) }
  } catch (error) {
    if (error instanceof QueryRefused || (error instanceof QueryTimeout && !error.ran)) return { busy: { reason: 'busy', message: error.message } }
    if (error instanceof QueryTimeout) return { busy: { reason: 'slow', message: error.message } }
    throw error
  }
}

const previewFields = (version: VersionInfo): PreviewField[] =>
  version.fields.map((f) => ({ name: f.name, type: f.type, title: f.title, index: f.index, ...(f.title_en ? { title_en: f.title_en } : {}), ...(f.unit ? { unit: f.unit } : {}) }))

/** Filters are for indexed fields only: an equality on another field would scan the whole version. */
function filterErrors(state: PreviewState, fields: readonly PreviewField[]): QueryError[] {
  const indexed = fields.filter((f) => f.index).map((f) => f.name)
  return state.filters
    .filter(([field]) => !indexed.includes(field))
    .map(([field]) => ({
      path: `f.${field}`,
      message: fields.some((f) => f.name === field)
        ? `"${field}" is not an indexed field; the preview filters on ${indexed.join(', ') || 'no field'}`
        : `unknown field "${field}"; the preview filters on ${indexed.join(', ') || 'no field'}`,
    }))
}

const pageErrors = (errors: readonly QueryError[]): QueryError[] => errors.map((e) => ({ path: pageParamName(e.path), message: e.message }))

export async function loadPreview(app: FastifyInstance, request: FastifyRequest, dataset: DatasetRecord, query: DatasetPageQuery): Promise<PreviewModel> {
  return { ...(await previewView(app, request, dataset, query)), page: pageLinks(query) }
}

async function previewView(app: FastifyInstance, request: FastifyRequest, dataset: DatasetRecord, query: DatasetPageQuery): Promise<PreviewView> {
  const access = readAccess(dataset.entry)
  if (access === 'nobody') return { kind: 'closed' }
  const current = dataset.current
  if (!current) return { kind: 'no-version' }
  const state = previewState(query)
  const fields = previewFields(current)
  if (access !== 'anyone') return { kind: 'needs-key', access, fields, state }

  const invalidFilters = filterErrors(state, fields)
  if (invalidFilters.length) return { kind: 'invalid', fields, state, errors: invalidFilters }
  const raw: RawQuery = {}
  for (const [name, value] of rowParams(state.sort, state.filters, state.cursor)) {
    const had = raw[name]
    raw[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value]
  }
  const cursor = state.cursor !== undefined ? decodeCursor(state.cursor) : undefined
  if (state.cursor !== undefined && !cursor) return { kind: 'invalid', fields, state, errors: [{ path: 'cursor', message: 'not a page link of this preview; start again from the first page' }] }
  // the preview pages the current version only: a link from before a new version starts again
  if (cursor && cursor.version !== current.version) {
    return { kind: 'invalid', fields, state, errors: [{ path: 'cursor', message: `this page link belongs to version ${cursor.version}; version ${current.version} has been published since, start again from the first page` }] }
  }
  const { query: rowQuery, errors } = parseRowQuery(raw, current.fields, 'json')
  if (!rowQuery) return { kind: 'invalid', fields, state, errors: pageErrors(errors) }
  const binding = bindingDigest(cursorBinding(rowQuery))
  if (cursor && cursor.binding !== binding) {
    return { kind: 'invalid', fields, state, errors: [{ path: 'cursor', message: 'this page link belongs to another sort or filter; start again from the first page' }] }
  }
  const result = await anonymousQuery(request, (context) => app.queryEngine.rows(dataset.id, current.version, rowQuery, context, cursor?.after))
  if ('busy' in result) return { kind: 'busy', fields, state, busy: result.busy }
  const page = result.value
  const rows = JSON.parse(page.body as string) as Array<Record<string, CellValue>>
  return {
    kind: 'rows',
    fields,
    state,
    version: current.version,
    rows,
    ...(page.after ? { next: encodeCursor({ version: current.version, binding, after: page.after }) } : {}),
    ...(page.total !== undefined ? { total: page.total } : {}),
    rowCount: current.rowCount,
  }
}
