import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { authenticate } from '../../access/authenticate.ts'
import { readCredentials, redactUrl } from '../../access/credentials.ts'
import { parseKey } from '../../access/keys.ts'
import type { Caller } from '../../access/policy.ts'
import { exceededDetail, rateLimitHeaders } from '../../access/rate-limit-headers.ts'
import type { LimitOutcome, RateLimits } from '../../access/rate-limits.ts'
import type { AccessStore } from '../../store/access-types.ts'
import { problemBody } from '../problem.ts'
import { sendProblem } from './problems.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; data routes pass it to the access policy. Anonymous unless a valid key came with the request. */
    caller: Caller
    /** performance.now() when the request reached the first hook: a query's budget counts from here (query-route.ts). */
    arrivedAt: number
  }
}

export interface CallerOptions {
  /** Without an access store no key is known: requests without a key are served, any key is a 401. */
  access?: AccessStore
  limits: RateLimits
}

const ANONYMOUS: Caller = Object.freeze({ tier: 'anonymous' })

/**
 * One body for every bad key, built once: unknown, malformed, revoked and expired keys must be
 * indistinguishable, so it carries no `instance` or anything else that depends on the request.
 */
export const UNAUTHORIZED_BODY = JSON.stringify(problemBody(401, 'the API key is not valid: it is unknown, malformed, revoked or expired'))

function sendLimited(reply: FastifyReply, outcome: LimitOutcome, status: number, body: string): FastifyReply {
  reply.headers(rateLimitHeaders(outcome))
  reply.code(status).type('application/problem+json').send(body)
  return reply
}

/**
 * Authentication (SPEC §6.3): reads the key from `Authorization: Bearer` or `X-API-Key`, checks it
 * against the store on every request and sets `request.caller`. Requests that present bad keys are
 * answered here, counted against a stricter limit of their own per address and per key id; past it
 * they are 429s, and a key whose address and key id are both over it is not even looked up until a
 * window resets. A valid key is served from any address (rate-limits.ts authBlocked says why).
 */
export default fp(
  async function callerPlugin(app: FastifyInstance, options: CallerOptions) {
    const { access, limits } = options
    // null placeholder keeps the request shape stable; the hook below sets the real value
    app.decorateRequest('caller', null as unknown as Caller)
    app.decorateRequest('arrivedAt', 0)
    app.addHook('onRequest', async (request, reply) => {
      request.arrivedAt = performance.now()
      request.caller = ANONYMOUS
      const credentials = readCredentials(request.headers, request.url)
      if (credentials.kind === 'none') return
      if (credentials.kind === 'in-query') {
        // an anonymous request as far as limits go; the key in it is not even looked at
        const outcome = await limits.consume({ ip: request.ip, tier: 'anonymous' }, false)
        reply.headers(rateLimitHeaders(outcome))
        const detail = `API keys are never accepted in the URL (query parameter "${credentials.param}"): send Authorization: Bearer <key> or X-API-Key: <key>, and treat a key that appeared in a URL as leaked`
        sendProblem(reply, problemBody(400, detail, { errors: [{ path: credentials.param, message: 'API keys go in a header, not the query string' }] }))
        return reply
      }
      const keyId = credentials.kind === 'key' ? parseKey(credentials.token)?.id : undefined
      const attempt = { ip: request.ip, ...(keyId ? { keyId } : {}) }
      const blocked = await limits.authBlocked(attempt)
      if (blocked) return sendLimited(reply, blocked, 429, JSON.stringify(problemBody(429, exceededDetail(blocked))))
      const caller = credentials.kind === 'key' && access ? await authenticate(access, credentials.token) : undefined
      if (!caller) {
        const outcome = await limits.recordAuthFailure(attempt)
        if (outcome.exceeded) return sendLimited(reply, outcome, 429, JSON.stringify(problemBody(429, exceededDetail(outcome))))
        reply.header('www-authenticate', 'Bearer realm="gongkai", error="invalid_token"')
        return sendLimited(reply, outcome, 401, UNAUTHORIZED_BODY)
      }
      request.caller = caller
    })
  },
  { name: 'request-caller' },
)

interface LoggedRequest {
  method: string
  url: string
  headers?: Record<string, string | string[] | undefined>
  host?: string
  ip?: string
  socket?: { remotePort?: number }
}

/**
 * Fastify's request log serializer with keys removed from the URL: a key sent in the query string is
 * refused, but the request line would still be logged, and logs outlive the key.
 */
export function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: [request.headers?.['accept-version']].flat()[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}
