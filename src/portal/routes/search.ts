import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { PortalRouteOptions } from '../plugin.ts'

/** GET /datasets: search results with facets (owned by the search page). */
const searchRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async () => {}

export default searchRoutes
