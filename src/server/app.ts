import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { DatasetStore } from '../store/types.ts'
import problems from './plugins/problems.ts'
import openapi from './plugins/swagger.ts'
import storePlugin from './plugins/store.ts'
import callerPlugin from './plugins/caller.ts'
import { ProblemSchema } from './schemas/common.ts'
import datasetRoutes from './routes/datasets.ts'
import healthRoutes from './routes/health.ts'
import rowRoutes from './routes/rows.ts'
import aggregateRoutes from './routes/aggregate.ts'

export interface AppOptions {
  store: DatasetStore
  logger?: FastifyServerOptions['logger']
}

/** Log options shared by the server and tests: never log credentials. */
export function loggerOptions(level: string, pretty: boolean): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // unknown query parameters must be a 400 naming them, not silently dropped
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.addSchema(ProblemSchema)
  await app.register(problems)
  await app.register(openapi)
  await app.register(storePlugin, { store: options.store })
  await app.register(callerPlugin)
  await app.register(healthRoutes)
  await app.register(datasetRoutes)
  await app.register(rowRoutes)
  await app.register(aggregateRoutes)
  return app
}
