import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { harvestCatalog } from '../../harvest/catalog-source.ts'
import { dataPackage } from '../../harvest/datapackage.ts'
import { dcatCatalog } from '../../harvest/dcat.ts'
import { podCatalog } from '../../harvest/pod.ts'
import { readManifest } from '../../materialise/manifest.ts'
import { requestOrigin } from '../origin.ts'
import { HttpProblem } from '../problem.ts'
import { DatasetIdParams, problemResponses } from '../schemas/common.ts'
import { DataPackageResponse, DcatCatalogResponse, PodCatalogResponse } from '../schemas/harvest.ts'

/**
 * Metadata for harvesters and tools (SPEC §6): a Data Package per dataset, and the whole catalog as
 * DCAT JSON-LD and as Project Open Data data.json. Metadata is public, closed datasets included;
 * the downloads they point to apply the access policy themselves. URLs are absolute (requestOrigin).
 */
const harvestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/datasets/:id/datapackage.json', {
    schema: {
      tags: ['catalog'],
      summary: 'Frictionless Data Package (v2) of the current version',
      params: DatasetIdParams,
      response: { 200: DataPackageResponse, ...problemResponses(404) },
    },
  }, async (request) => {
    const { id } = request.params
    const dataset = await app.store.getDataset(id)
    if (!dataset) throw new HttpProblem(404, `no dataset ${id}`)
    const { current } = dataset
    const manifest = current && await readManifest(app.store.versionFiles(id, current.version))
    if (!current || !manifest) throw new HttpProblem(404, `dataset ${id} has no published bulk files: a Data Package needs at least one resource`)
    return dataPackage({ ...dataset, current }, manifest, requestOrigin(request))
  })

  app.get('/api/v1/catalog.jsonld', {
    schema: { tags: ['catalog'], summary: 'The whole catalog as DCAT 3 / DCAT-AP (JSON-LD)', response: { 200: DcatCatalogResponse } },
  }, async (request, reply) => {
    reply.type('application/ld+json; charset=utf-8')
    return dcatCatalog(await harvestCatalog(app.store), requestOrigin(request))
  })

  app.get('/data.json', {
    schema: { tags: ['catalog'], summary: 'The whole catalog as Project Open Data v1.1 data.json', response: { 200: PodCatalogResponse } },
  }, async (request) => podCatalog(await harvestCatalog(app.store), requestOrigin(request)))
}

export default harvestRoutes
