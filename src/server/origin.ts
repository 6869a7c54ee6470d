import type { FastifyRequest } from 'fastify'

/**
 * This server's origin as the request reached it, for the absolute URLs of documents read elsewhere
 * (harvest metadata, feeds): the request's scheme and Host. Behind a proxy, have it pass Host and set
 * GONGKAI_TRUST_PROXY so that the scheme (X-Forwarded-Proto) and host are the public ones.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}
