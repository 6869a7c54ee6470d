import type { FastifyRequest } from 'fastify'

/** Machine-facing paths: their errors stay application/problem+json whatever the Accept header says. */
const API_PATHS = ['/api/', '/openapi.json', '/docs', '/healthz', '/readyz', '/data.json', '/assets/']

/** A browser navigating to a page (not a script calling the API) gets HTML errors. */
export function wantsHtml(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0] ?? '/'
  if (API_PATHS.some((prefix) => path === prefix || path.startsWith(prefix))) return false
  return (request.headers.accept ?? '').includes('text/html')
}
