import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Caller } from '../../access/policy.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; data routes pass it to the access policy. Anonymous until authentication sets it. */
    caller: Caller
  }
}

/** Gives every request a caller (anonymous by default) before any route runs. */
export default fp(
  async function callerPlugin(app: FastifyInstance) {
    // null placeholder keeps the request shape stable; the hook below sets the real value
    app.decorateRequest('caller', null as unknown as Caller)
    app.addHook('onRequest', async (request) => {
      request.caller = {}
    })
  },
  { name: 'request-caller' },
)
