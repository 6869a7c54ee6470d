import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { PortalRouteOptions } from '../plugin.ts'
import { HomePage } from '../pages/home.tsx'
import { sendPage } from '../send-page.ts'
import { langField } from './search.ts'

export const PageQuery = Type.Object({ lang: Type.Optional(Type.String()) }, { additionalProperties: true })

/** How many recently updated datasets the home page shows. */
export const RECENT_COUNT = 6

/** GET /: one catalog query gives the recent datasets, the total and the count of every theme. */
const homeRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async (app, options) => {
  app.get('/', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const ctx = options.context(request)
    const overview = await app.store.listDatasets({ sort: '-updated_at', page: 1, perPage: RECENT_COUNT })
    return sendPage(reply, HomePage({ ctx, overview, langField: langField(request.query) }))
  })
}

export default homeRoutes
