import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { GRADE_POLICY } from '../../config/grades.ts'
import type { CatalogField } from '../../catalog/schema.ts'
import type { DatasetRecord } from '../../store/types.ts'
import { distributionsOf, type Distribution } from '../../harvest/distributions.ts'
import { readManifest } from '../../materialise/manifest.ts'
import { feedPath } from '../feeds/feed-scope.ts'
import { HttpProblem } from '../problem.ts'
import { changeSummaryView } from '../change-view.ts'
import { DatasetIdParams, problemResponses } from '../schemas/common.ts'
import { DatasetDetailResponse, DatasetListQuery, DatasetListResponse } from '../schemas/datasets.ts'

/** The catalog is public (SPEC §3): every dataset's metadata, closed ones included. */
const datasetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/datasets', {
    schema: {
      tags: ['catalog'],
      summary: 'List and search datasets',
      querystring: DatasetListQuery,
      response: { 200: DatasetListResponse, ...problemResponses(400) },
    },
  }, async (request) => {
    const { q, theme, grade, open, provider, update_frequency, keyword, updated_since, sort = 'id', page = 1, per_page = 20 } = request.query
    const result = await app.store.listDatasets({
      ...(q !== undefined ? { q } : {}),
      ...(theme !== undefined ? { theme } : {}),
      ...(grade !== undefined ? { grade } : {}),
      ...(open !== undefined ? { open } : {}),
      ...(provider !== undefined ? { provider } : {}),
      ...(update_frequency !== undefined ? { updateFrequency: update_frequency } : {}),
      ...(keyword !== undefined ? { keyword } : {}),
      ...(updated_since !== undefined ? { updatedSince: updated_since } : {}),
      sort,
      page,
      perPage: per_page,
    })
    return { ...result, page, per_page, links: { feed: feedPath({ kind: 'catalog' }) } }
  })

  app.get('/api/v1/datasets/:id', {
    schema: {
      tags: ['catalog'],
      summary: 'All metadata of a dataset, with its field schema and versions',
      params: DatasetIdParams,
      response: { 200: DatasetDetailResponse, ...problemResponses(404) },
    },
  }, async (request) => {
    const dataset = await app.store.getDataset(request.params.id)
    if (!dataset) throw new HttpProblem(404, `no dataset ${request.params.id}`)
    const { current } = dataset
    // metadata is public, so are the distributions: the downloads themselves apply the access policy
    const distributions = current && dataset.entry.open !== 'closed'
      ? distributionsOf(dataset.id, current.version, await readManifest(app.store.versionFiles(dataset.id, current.version)))
      : []
    return datasetDetail(dataset, distributions)
  })
}

function fieldsOf(dataset: DatasetRecord) {
  const constraintsByName = new Map(dataset.entry.fields.map((f) => [f.name, f.constraints]))
  const fields = dataset.current?.fields ?? dataset.entry.fields.filter((f) => f.rule !== 'drop').map((f: CatalogField) => ({
    name: f.name, type: f.type, title: f.title,
    ...(f.title_en ? { title_en: f.title_en } : {}), ...(f.description ? { description: f.description } : {}),
    ...(f.unit ? { unit: f.unit } : {}), ...(f.pii ? { pii: f.pii } : {}),
    rule: f.rule ?? 'keep', index: f.index === true, searchable: f.searchable === true,
  }))
  return fields.map((f) => {
    const constraints = constraintsByName.get(f.name)
    return constraints ? { ...f, constraints } : f
  })
}

export function datasetDetail(dataset: DatasetRecord, distributions: Distribution[]) {
  const { entry, current } = dataset
  const self = `/api/v1/datasets/${entry.id}`
  return {
    id: entry.id,
    title: entry.title,
    ...(entry.title_en ? { title_en: entry.title_en } : {}),
    ...(entry.description ? { description: entry.description } : {}),
    provider: entry.provider,
    theme: entry.theme,
    keywords: entry.keywords ?? [],
    grade: entry.grade,
    grade_meaning: GRADE_POLICY[entry.grade].meaning,
    open: entry.open,
    ...(entry.license ? { license: entry.license } : {}),
    ...(entry.update_frequency ? { update_frequency: entry.update_frequency } : {}),
    ...(entry.temporal ? { temporal: entry.temporal } : {}),
    ...(entry.spatial ? { spatial: entry.spatial } : {}),
    updated_at: dataset.updatedAt,
    version: current?.version ?? null,
    row_count: current?.rowCount ?? null,
    ...(entry.primary_key ? { primary_key: entry.primary_key } : {}),
    fields: fieldsOf(dataset),
    ...(entry.privacy ? { privacy: entry.privacy } : {}),
    distributions,
    versions: dataset.versions.map((v) => ({
      version: v.version, published_at: v.publishedAt, row_count: v.rowCount,
      ...(v.changes ? { changes: changeSummaryView(v.changes), links: { changes: `${self}/versions/${v.version}/changes` } } : {}),
    })),
    withdrawn: dataset.withdrawn.map((w) => ({ version: w.version, withdrawn_at: w.withdrawnAt, withdrawn_by: w.by, reasons: w.reasons })),
    links: { self, feed: feedPath({ kind: 'dataset', datasetId: entry.id }), ...(current ? { rows: `${self}/rows` } : {}) },
  }
}

export default datasetRoutes
