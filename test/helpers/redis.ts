import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import net from 'node:net'
import { Redis } from 'ioredis'
import type { Test } from 'tap'
import { REDIS_START_HINT } from '../../src/server/rate-limit-redis.ts'
import type { RateLimitRedis } from '../../src/server/plugins/rate-limit-store.ts'

/**
 * Redis for tests: the machine's own (GONGKAI_TEST_REDIS_URL to use another), one key namespace per
 * test whose keys are deleted in teardown, and throwaway servers a test may stop.
 */
export const TEST_REDIS_URL = process.env.GONGKAI_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A client of the test Redis, or a failure that says how to start it. */
export async function testRedis(t: Test, url = TEST_REDIS_URL): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null })
  let cause: Error | undefined
  client.on('error', (error: Error) => (cause ??= error))
  try {
    await client.connect()
  } catch (error) {
    client.disconnect()
    throw new Error(`Redis is not reachable at ${new URL(url).host} (${(cause ?? (error as Error)).message}); ${REDIS_START_HINT}, or point GONGKAI_TEST_REDIS_URL at another server`)
  }
  t.teardown(() => client.quit())
  return client
}

/** Every key under `prefix`. */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    keys.push(...batch)
    cursor = next
  } while (cursor !== '0')
  return keys
}

/** A namespace of its own on the test Redis for this test; its keys are deleted in teardown. */
export async function redisNamespace(t: Test): Promise<Required<RateLimitRedis> & { client: Redis }> {
  const client = await testRedis(t)
  const namespace = `gongkai-test:${process.pid}:${crypto.randomBytes(4).toString('hex')}:`
  t.teardown(async () => {
    const keys = await keysUnder(client, namespace)
    if (keys.length) await client.del(...keys)
  })
  return { url: TEST_REDIS_URL, namespace, client }
}

/** A port nothing listens on just now. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface ThrowawayRedis {
  url: string
  /** Kills the server at once, as a crash would. */
  kill(): Promise<void>
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as in a network partition. */
  freeze(): void
  /** Lets a frozen server go on. */
  thaw(): void
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/** A redis-server of this test's own on a free port, killed in teardown. */
export async function throwawayRedis(t: Test): Promise<ThrowawayRedis> {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let server: ReturnType<typeof spawn> | undefined
  const start = async () => {
    const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    server = child
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`cannot start redis-server (${error.message}): is Redis installed?`)))
      const poll = async (attempt: number): Promise<void> => {
        const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null })
        probe.on('error', () => undefined)
        try {
          await probe.connect()
          probe.disconnect()
          resolve()
        } catch {
          probe.disconnect()
          if (attempt > 100) reject(new Error(`redis-server did not start on port ${port}`))
          else setTimeout(() => void poll(attempt + 1), 50)
        }
      }
      void poll(0)
    })
  }
  const kill = async () => {
    const child = server
    server = undefined
    if (!child || child.exitCode !== null) return
    await new Promise((resolve) => {
      child.once('exit', resolve)
      child.kill('SIGKILL')
    })
  }
  const signal = (name: NodeJS.Signals) => () => void server?.kill(name)
  await start()
  t.teardown(kill)
  return { url, kill, start, freeze: signal('SIGSTOP'), thaw: signal('SIGCONT') }
}
