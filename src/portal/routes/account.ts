import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { PortalRouteOptions } from '../plugin.ts'

/** GET /account: the key holder's page. */
const accountRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async () => {}

export default accountRoutes
