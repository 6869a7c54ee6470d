import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger, { type SwaggerOptions } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

/**
 * The OpenAPI 3 document is generated from the routes' TypeBox schemas; served at /openapi.json, UI at
 * /docs. Both ways of sending a key are declared, so the UI's Authorize button works: optional on
 * the catalog and data routes (anonymous callers read grade 1), required on the key holder's own
 * routes and the admin ones.
 */
const KEY_SCHEMES: Array<Record<string, string[]>> = [{ bearerKey: [] }, { headerKey: [] }]
const KEY_ONLY_TAGS = new Set(['access', 'admin', 'webhooks'])
export default fp(
  async function openapi(app: FastifyInstance) {
    const options: SwaggerOptions = {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Gongkai open government data API',
          description: 'Catalogued, classified and graded government datasets (公共数据开放). Errors are RFC 9457 application/problem+json.',
          version: '1',
        },
        components: {
          securitySchemes: {
            bearerKey: { type: 'http', scheme: 'bearer', bearerFormat: 'gk_<id>_<secret>', description: 'Authorization: Bearer gk_…' },
            headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'X-API-Key: gk_… (never in the query string: that is a 400)' },
          },
        },
        security: [{}, ...KEY_SCHEMES],
        tags: [
          { name: 'catalog', description: 'Dataset directory and metadata' },
          { name: 'data', description: 'Rows of published datasets' },
          { name: 'feeds', description: 'Atom feeds of what happens in the catalog: new datasets, versions, schema changes, closed datasets' },
          { name: 'operations', description: 'Health and readiness' },
          { name: 'webhooks', description: 'Signed deliveries of catalog events (Standard Webhooks) to a key holder\'s URLs' },
        ],
      },
      transform: ({ schema, url }) => {
        const keyOnly = (schema?.tags ?? []).some((tag) => KEY_ONLY_TAGS.has(tag))
        return { schema: keyOnly ? { ...schema, security: KEY_SCHEMES } : schema, url }
      },
    }
    await app.register(swagger, options)
    await app.register(swaggerUi, { routePrefix: '/docs' })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
