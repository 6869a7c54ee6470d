import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

/** The OpenAPI 3 document is generated from the routes' TypeBox schemas; served at /openapi.json, UI at /docs. */
export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Gongkai open government data API',
          description: 'Catalogued, classified and graded government datasets (公共数据开放). Errors are RFC 9457 application/problem+json.',
          version: '1',
        },
        tags: [
          { name: 'catalog', description: 'Dataset directory and metadata' },
          { name: 'data', description: 'Rows of published datasets' },
          { name: 'operations', description: 'Health and readiness' },
        ],
      },
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
