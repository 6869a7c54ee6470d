import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { PortalRouteOptions } from '../plugin.ts'
import { HomePage } from '../pages/home.tsx'
import { sendPage } from '../send-page.ts'

export const PageQuery = Type.Object({ lang: Type.Optional(Type.String()) }, { additionalProperties: true })

const homeRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async (app, options) => {
  app.get('/', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const ctx = options.context(request)
    const overview = await app.store.listDatasets({ sort: '-updated_at', page: 1, perPage: 6 })
    return sendPage(reply, HomePage({ ctx, overview }))
  })
}

export default homeRoutes
