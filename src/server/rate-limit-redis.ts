import { Redis } from 'ioredis'
import { ConfigError } from '../config/load.ts'

export const REDIS_START_HINT = 'start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`'

/**
 * The Redis connection for shared rate-limit counters (GONGKAI_REDIS_URL), tuned to answer a request
 * at once either way: no offline queue and no retries, so that while Redis is away a check fails
 * within the moment it takes to notice and the request is served uncounted (access/rate-limits.ts
 * says why that is the choice), and a two-second command timeout for a Redis that stops answering
 * without closing the connection (not shorter: a busy event loop can hold an answer that has arrived
 * past a timer, and a check timed out after Redis counted it would serve a request uncounted).
 * Reconnection goes on in the background every second at most, and counting resumes when it succeeds.
 *
 * The first connection is awaited: a server configured for shared limits that cannot reach them
 * refuses to start, naming the host (never the URL, which may carry a password) and how to start it.
 */
export async function connectRateLimitRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  })
  let lastError: Error | undefined
  const remember = (error: Error) => (lastError = error)
  redis.on('error', remember)
  try {
    await redis.connect()
    await redis.ping()
  } catch (error) {
    redis.disconnect()
    const { host, port } = redis.options
    const reason = (lastError ?? (error as Error)).message
    throw new ConfigError(`GONGKAI_REDIS_URL: Redis is not reachable at ${host}:${port} (${reason}); ${REDIS_START_HINT}, or unset GONGKAI_REDIS_URL to count limits in this process`)
  } finally {
    redis.off('error', remember)
  }
  return redis
}
