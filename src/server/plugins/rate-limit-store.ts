import type { FastifyInstance, FastifyRequest } from 'fastify'
import fastifyRateLimit from '@fastify/rate-limit'
import { RateLimits, type RateCounter } from '../../access/rate-limits.ts'
import type { TierTable } from '../../config/tiers.ts'
import { connectRateLimitRedis } from '../rate-limit-redis.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The limits in force, for routes that report a caller's standing (GET /api/v1/me). */
    rateLimits: RateLimits
  }
}

/** Shared counters (GONGKAI_REDIS_URL); `namespace` prefixes every key, so that tests or deployments can share a Redis. */
export interface RateLimitRedis {
  url: string
  namespace?: string
}

export interface RateLimitStoreOptions {
  tiers: TierTable
  redis?: RateLimitRedis
  /** Windows the in-process store remembers, least recently used forgotten first: counting by IP lets anyone make us remember new ones. */
  maxWindows?: number
}

const DEFAULT_NAMESPACE = 'gongkai:rate-limit:'
const DEFAULT_MAX_WINDOWS = 400_000
/** While the counters are unreachable, one warning per this many milliseconds at most. */
const WARN_EVERY_MS = 10_000

/**
 * What one check counts: the package's limiters take a request, but a request counts against several
 * windows (a minute, an hour of downloads) and a failed authentication against an address and a key
 * id, so each check hands it the window to count instead.
 */
interface Counted {
  routeOptions: object
  window: { key: string; quota: number; windowMs: number }
}

const counted = (request: FastifyRequest) => (request as unknown as Counted).window

/**
 * The counters of access/rate-limits.ts kept by @fastify/rate-limit: its in-process store by default,
 * its Redis store (one Lua INCR with PEXPIRE per check, exact across servers) when `redis` is given.
 * The Redis client is closed with the app. Returns the limits for the caller and rate-limit plugins.
 */
export async function setUpRateLimits(app: FastifyInstance, options: RateLimitStoreOptions): Promise<RateLimits> {
  const redis = options.redis ? await connectRateLimitRedis(options.redis.url) : undefined
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())))
  await app.register(fastifyRateLimit, {
    // no route hooks: the gongkai-rate-limit plugin decides what each request counts against
    global: false,
    keyGenerator: (request) => counted(request).key,
    max: (request) => counted(request).quota,
    timeWindow: (request) => counted(request).windowMs,
    cache: options.maxWindows ?? DEFAULT_MAX_WINDOWS,
    ...(redis ? { redis, nameSpace: options.redis?.namespace ?? DEFAULT_NAMESPACE } : {}),
  })
  const check = app.createRateLimit()
  const counter: RateCounter = async (key, quota, windowMs, increment) => {
    const request: Counted = { routeOptions: {}, window: { key, quota, windowMs } }
    // no allow list is configured, so no check comes back as allowed without counting
    const result = (await check(request as unknown as FastifyRequest, { increment })) as Extract<Awaited<ReturnType<typeof check>>, { isAllowed: false }>
    return { remaining: result.remaining, exceeded: result.isExceeded, ttlMs: result.ttl }
  }
  let warnedAt = -Infinity
  const unavailable = (error: Error) => {
    const now = performance.now()
    if (now - warnedAt < WARN_EVERY_MS) return
    warnedAt = now
    app.log.warn({ err: error }, 'rate-limit counters unreachable: requests are served uncounted until they are back')
  }
  // ioredis reports a lost connection and each failed reconnection as an event, which must be listened to: one warning for both
  redis?.on('error', unavailable)
  const limits = new RateLimits(options.tiers, counter, unavailable)
  app.decorate('rateLimits', limits)
  return limits
}
