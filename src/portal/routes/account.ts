import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AccountPage } from '../pages/account.tsx'
import type { PortalRouteOptions } from '../plugin.ts'
import { sendPage } from '../send-page.ts'
import { PageQuery } from './home.ts'

/**
 * GET /account: the key holder's page (the key itself never reaches the server: see pages/account.tsx).
 * POST /account is where the key and apply forms point: their fields have no names and their submit
 * buttons are disabled until the script takes over, so nothing arrives here but an empty form from a
 * browser that somehow submitted one anyway; it is read no further and sent back to the page.
 */
const accountRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async (app, options) => {
  // this plugin's own context: the rest of the portal and the API take no form bodies
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, _body, done) => done(null, undefined))

  app.get('/account', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    return sendPage(reply, AccountPage({ ctx: options.context(request), ...(app.hasDecorator('webhooks') ? { webhooks: {} } : {}) }))
  })

  app.post('/account', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const ctx = options.context(request)
    reply.header('cache-control', 'no-store')
    return reply.redirect(ctx.link('/account'), 303)
  })
}

export default accountRoutes
