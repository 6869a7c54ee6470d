import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VersionFiles } from '../../store/version-files.ts'
import { HttpProblem } from '../problem.ts'
import { evaluateConditions } from './conditions.ts'

/**
 * Serves one immutable bulk file (SPEC §6.2). The validators are ours: a strong ETag from the
 * SHA-256 recorded at ingest (send's own is weak, from size and mtime) and Last-Modified from the
 * manifest, and the conditional logic is conditions.ts. The bytes, the single-range arithmetic
 * (206, Content-Range, 416 with `bytes *\/size`), Content-Length, HEAD and the read stream are the
 * store's (VersionFiles.read). A multi-range request gets the whole file (200): multipart/byteranges is
 * not built, and resuming clients only ask for one range.
 */

export interface BulkFileResponse {
  /** The version's files, and the name of the one to send. */
  files: VersionFiles
  file: string
  sha256: string
  lastModified: Date
  contentType: string
  contentDisposition: string
  cacheControl: string
}

export async function sendBulkFile(request: FastifyRequest, reply: FastifyReply, response: BulkFileResponse): Promise<FastifyReply> {
  const etag = `"${response.sha256}"`
  reply.header('etag', etag)
  reply.header('last-modified', response.lastModified.toUTCString())
  reply.header('cache-control', response.cacheControl)
  reply.header('accept-ranges', 'bytes')
  const outcome = evaluateConditions(request.headers, { etag, lastModified: response.lastModified })
  if (outcome === 'not-modified') return reply.code(304).send()
  if (outcome === 'precondition-failed') throw new HttpProblem(412, 'the file no longer matches If-Match / If-Unmodified-Since')
  // the store sees only what it should act on: the method, and the Range header when If-Range allows it
  const range = outcome === 'range' ? request.headers.range : undefined
  const result = await response.files.read(response.file, { method: request.method, ...(range !== undefined ? { range } : {}) })
  if (result.statusCode === 416) {
    reply.header('content-range', result.headers['Content-Range'] as string)
    throw new HttpProblem(416, `Range ${request.headers.range} is not satisfiable; the file has ${String(result.headers['Content-Range']).replace('bytes */', '')} bytes`)
  }
  if (result.statusCode === 404) {
    throw new HttpProblem(410, 'the file is gone: its version was pruned while the request was made; ask for the current version')
  }
  reply.code(result.statusCode)
  reply.headers(result.headers)
  reply.header('content-type', response.contentType)
  reply.header('content-disposition', response.contentDisposition)
  return reply.send(result.stream)
}
