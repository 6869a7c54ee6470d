import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { denyRead, readAccess } from '../../access/policy.ts'
import { excelCsv } from '../../materialise/excel-csv.ts'
import { BULK_FORMATS, FORMAT_INFO, type BulkFormat } from '../../materialise/formats.ts'
import { fileOf, readManifest } from '../../materialise/manifest.ts'
import type { DatasetStore } from '../../store/types.ts'
import { bulkFileCacheControl } from '../cache-policy.ts'
import { contentDisposition } from '../download/content-disposition.ts'
import { pickVersion } from '../download/pick-version.ts'
import { sendBulkFile } from '../download/send-bulk-file.ts'
import { HttpProblem } from '../problem.ts'
import { DatasetIdParams } from '../schemas/common.ts'
import { CsvDownloadQuery, fileResponses, NoQuery, VersionParams } from '../schemas/downloads.ts'

/**
 * Bulk downloads (SPEC §6.2): the current version's files and those of kept older versions, each
 * under the same access policy as the rows (denyRead), served from the store's files by sendBulkFile.
 * The current-version URLs revalidate (the file behind them changes when a version is published);
 * version URLs never change and may be cached for good; who may keep a copy is cache-policy.ts's.
 * `config.download` marks them for the access plugins: counted against the hourly download limit,
 * and audited for conditional data.
 */
interface Wanted {
  id: string
  format: BulkFormat
  version?: number
  bom: boolean
}

async function serveDownload(store: DatasetStore, request: FastifyRequest, reply: FastifyReply, wanted: Wanted): Promise<FastifyReply> {
  const dataset = await store.getDataset(wanted.id)
  if (!dataset) throw new HttpProblem(404, `no dataset ${wanted.id}`)
  const denial = denyRead(dataset.entry, request.caller)
  if (denial) throw new HttpProblem(denial.status, denial.detail)
  const version = pickVersion(dataset, wanted.version)
  const files = store.versionFiles(dataset.id, version.version)
  const manifest = await readManifest(files)
  const listed = manifest && fileOf(manifest, wanted.format)
  if (!manifest || !listed) {
    throw new HttpProblem(404, `version ${version.version} of ${dataset.id} has no bulk files (it was published before downloads existed, or pruned meanwhile); ingest it again`)
  }
  const served = wanted.bom ? await excelCsv(store, dataset.id, version) : listed
  // the spreadsheet variant is another file: saved beside the canonical one, not over it
  const extension = wanted.bom ? `excel.${wanted.format}` : wanted.format
  return sendBulkFile(request, reply, {
    files,
    file: served.file,
    sha256: served.sha256,
    lastModified: new Date(manifest.createdAt),
    contentType: FORMAT_INFO[wanted.format].contentType,
    contentDisposition: contentDisposition(`${dataset.id}-v${version.version}.${extension}`, `${dataset.entry.title}-v${version.version}.${extension}`),
    cacheControl: bulkFileCacheControl(readAccess(dataset.entry), request.caller.keyId !== undefined, wanted.version !== undefined),
  })
}

const downloadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const format of BULK_FORMATS) {
    const { title, contentType } = FORMAT_INFO[format]
    const querystring = format === 'csv' ? CsvDownloadQuery : NoQuery
    const bom = (query: unknown): boolean => (query as { bom?: number }).bom === 1
    app.get(`/api/v1/datasets/:id/download.${format}`, {
      config: { download: true },
      schema: {
        tags: ['data'],
        summary: `${title} of the current version (resumable, checksummed)`,
        params: DatasetIdParams,
        querystring,
        response: fileResponses(contentType),
      },
    }, async (request, reply) => serveDownload(app.store, request, reply, { id: request.params.id, format, bom: bom(request.query) }))

    app.get(`/api/v1/datasets/:id/versions/:version/download.${format}`, {
      config: { download: true },
      schema: {
        tags: ['data'],
        summary: `${title} of a kept version`,
        params: VersionParams,
        querystring,
        response: fileResponses(contentType),
      },
    }, async (request, reply) => serveDownload(app.store, request, reply, { id: request.params.id, version: request.params.version, format, bom: bom(request.query) }))
  }
}

export default downloadRoutes
