import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { PortalRouteOptions } from '../plugin.ts'

/** GET /datasets/:id: the dataset page. */
const datasetPageRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async () => {}

export default datasetPageRoutes
