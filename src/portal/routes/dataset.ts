import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { HttpProblem } from '../../server/problem.ts'
import { loadChart } from '../data/chart.ts'
import { loadPreview } from '../data/preview.ts'
import { DatasetPageQuery } from '../dataset-page-query.ts'
import { DatasetPage } from '../pages/dataset/page.tsx'
import { snippetExample, versionFiles } from '../pages/dataset/version-files.ts'
import type { PortalRouteOptions } from '../plugin.ts'
import { sendPage } from '../send-page.ts'

const DatasetPageParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{1,100}$' }) })

/**
 * GET /datasets/:id: the dataset page. Metadata, versions and downloads come from the store's cached
 * record and each version's files.json (read once per version: versions never change); the preview
 * and chart run their queries alongside.
 */
const datasetPageRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async (app, options) => {
  app.get('/datasets/:id', { schema: { hide: true, params: DatasetPageParams, querystring: DatasetPageQuery } }, async (request, reply) => {
    const ctx = options.context(request)
    const dataset = await app.store.getDataset(request.params.id)
    if (!dataset) throw new HttpProblem(404, `no dataset ${request.params.id}`)
    const [preview, chart, example] = await Promise.all([
      loadPreview(app, request, dataset, request.query),
      loadChart(app, request, dataset, request.query),
      snippetExample(app.store, dataset),
    ])
    const files = await versionFiles(app.store, dataset)
    return sendPage(reply, DatasetPage({ ctx, dataset, preview, chart, files, example }))
  })
}

export default datasetPageRoutes
