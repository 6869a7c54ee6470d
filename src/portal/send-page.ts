import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { renderDocument } from './html.ts'

/** Pages differ by language, which the browser may choose by Accept-Language alone. */
const PAGE_VARY = 'Accept-Language'

/** Answers with a rendered page. Pages of public metadata may be kept by any cache for a minute; a page for one key holder by none. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200, cacheControl = 'public, max-age=60'): FastifyReply {
  reply.code(status)
  reply.type('text/html; charset=utf-8')
  reply.header('vary', PAGE_VARY)
  if (status < 400) reply.header('cache-control', cacheControl)
  return reply.send(renderDocument(page))
}
