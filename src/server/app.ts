import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { WEEKENDS_ONLY, type WorkingCalendar } from '../config/holidays.ts'
import { DEFAULT_MAX_GRANT_DAYS, type TrustProxy } from '../config/env.ts'
import { DEFAULT_TIERS, type TierTable } from '../config/tiers.ts'
import type { AccessStore } from '../store/access-types.ts'
import type { DatasetStore } from '../store/types.ts'
import problems from './plugins/problems.ts'
import type { PortalOptions } from '../portal/plugin.ts'
import openapi from './plugins/swagger.ts'
import storePlugin from './plugins/store.ts'
import queryEnginePlugin from './plugins/query-engine.ts'
import callerPlugin, { serializeRequest } from './plugins/caller.ts'
import rateLimitPlugin from './plugins/rate-limit.ts'
import { setUpRateLimits, type RateLimitRedis } from './plugins/rate-limit-store.ts'
import authPlugin from './plugins/auth.ts'
import cacheControlPlugin from './plugins/cache-control.ts'
import auditPlugin from './plugins/audit.ts'
import webhooksPlugin, { type WebhookOptions } from './plugins/webhooks.ts'
import { ProblemSchema } from './schemas/common.ts'
import { handleClientError, handleFrameworkError } from './client-errors.ts'
import datasetRoutes from './routes/datasets.ts'
import healthRoutes from './routes/health.ts'
import rowRoutes from './routes/rows.ts'
import aggregateRoutes from './routes/aggregate.ts'
import downloadRoutes from './routes/downloads.ts'
import changeRoutes from './routes/changes.ts'
import harvestRoutes from './routes/harvest.ts'
import feedRoutes from './routes/feeds.ts'
import meRoutes from './routes/me.ts'
import applicationRoutes from './routes/applications.ts'
import adminRoutes from './routes/admin.ts'
import subscriptionRoutes from './routes/subscriptions.ts'

export interface AppOptions {
  store: DatasetStore
  /** Keys, applications, grants and audit log. Without it no key is known (every key is a 401) and the key routes are absent. */
  access?: AccessStore
  /** Tier limits; the defaults of config/tiers.ts unless given. */
  tiers?: TierTable
  /** Rate-limit counters shared in Redis (GONGKAI_REDIS_URL); counted in this process unless given. */
  rateLimitRedis?: RateLimitRedis
  /** Holidays and make-up workdays for application deadlines; weekends only unless given. */
  calendar?: WorkingCalendar
  logger?: FastifyServerOptions['logger']
  /** Reverse proxies whose X-Forwarded-For names the client (config/env.ts); none unless given. */
  trustProxy?: TrustProxy
  /** The longest grant an approval may create, in days (GONGKAI_MAX_GRANT_DAYS); a year unless given. */
  maxGrantDays?: number
  /** Webhook subscriptions and their delivery (needs `access`); absent, no subscription routes and no deliveries. */
  webhooks?: WebhookOptions
  /** The public web portal (src/portal/) at / ; absent, the server is the API alone. */
  portal?: PortalOptions
}

/** Log options shared by the server and tests: never log credentials. */
export function loggerOptions(level: string, pretty: boolean): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  }
}

/** Whatever logger is given, the request serializer keeps keys sent in the query string out of the log. */
function withRedactedRequests(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (typeof logger !== 'object' || logger === null) return logger
  return { ...logger, serializers: { req: serializeRequest, ...logger.serializers } }
}

/** A hop count as Fastify's trust function (its types take no number): the nearest `hops` addresses are proxies. */
function proxyTrust(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedactedRequests(options.logger ?? false),
    // unknown query parameters must be a 400 naming them, not silently dropped
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
    return503OnClosing: true,
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
    trustProxy: proxyTrust(options.trustProxy ?? false),
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.addSchema(ProblemSchema)
  // loaded only when asked for: the portal's pages, Preact and its plugins are most of the server's modules
  const portal = options.portal ? await import('../portal/plugin.ts') : undefined
  await app.register(problems, portal && options.portal ? { htmlErrorPage: portal.browserErrorPages(options.portal) } : {})
  await app.register(openapi)
  await app.register(storePlugin, { store: options.store })
  await app.register(queryEnginePlugin)
  // onRequest order matters: who is asking, then their rate limit, then whether they may read the data
  const limits = await setUpRateLimits(app, { tiers: options.tiers ?? DEFAULT_TIERS, ...(options.rateLimitRedis ? { redis: options.rateLimitRedis } : {}) })
  await app.register(callerPlugin, { ...(options.access ? { access: options.access } : {}), limits })
  await app.register(rateLimitPlugin, { limits })
  await app.register(authPlugin)
  await app.register(cacheControlPlugin)
  if (options.access) await app.register(auditPlugin, { access: options.access })
  await app.register(healthRoutes)
  await app.register(datasetRoutes)
  await app.register(rowRoutes)
  await app.register(aggregateRoutes)
  await app.register(downloadRoutes)
  await app.register(changeRoutes)
  await app.register(harvestRoutes)
  // the theme taxonomy comes with the portal's options; the API alone knows the themes that have events
  await app.register(feedRoutes, { themes: options.portal?.themes ?? [], portal: options.portal !== undefined })
  if (options.access) {
    await app.register(meRoutes, { access: options.access })
    await app.register(applicationRoutes, { access: options.access, calendar: options.calendar ?? WEEKENDS_ONLY })
    await app.register(adminRoutes, { access: options.access, maxGrantDays: options.maxGrantDays ?? DEFAULT_MAX_GRANT_DAYS })
    if (options.webhooks) {
      await app.register(webhooksPlugin, { ...options.webhooks, access: options.access })
      await app.register(subscriptionRoutes)
    }
  }
  if (portal && options.portal) await app.register(portal.default, options.portal)
  return app
}
