/**
 * SPEC §6.3 rate limits with the counters in Redis (GONGKAI_REDIS_URL, issue 11 §3): the behaviour
 * suite of rate-limit-behaviour.ts against the machine's Redis, each test in a key namespace of its
 * own that is deleted afterwards; two servers sharing one Redis count as one; a Redis that cannot be
 * reached at start is a configuration error saying how to start it; and a Redis lost mid-run leaves
 * requests served uncounted (fail open, access/rate-limits.ts says why) until it is back.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'
import { ConfigError } from '../../src/config/load.ts'
import { generateKey } from '../../src/access/keys.ts'
import { buildApp } from '../../src/server/app.ts'
import { runCli } from '../../src/cli/main.ts'
import { makePlatform } from '../helpers/access-platform.ts'
import { freePort, keysUnder, redisNamespace, throwawayRedis } from '../helpers/redis.ts'
import { limited, rateLimitBehaviour, rateLimitState, SMALL, type CounterStore } from './rate-limit-behaviour.ts'

const REDIS: CounterStore = {
  name: 'Redis',
  options: async (t) => {
    const { url, namespace } = await redisNamespace(t)
    return { rateLimitRedis: { url, namespace } }
  },
  fakeTime: false,
}

rateLimitBehaviour(REDIS)

t.test('counters are Redis keys under the namespace, one per policy and subject, expiring with their window', async (t) => {
  const redis = await redisNamespace(t)
  const p = await limited(t, REDIS, { rateLimitRedis: { url: redis.url, namespace: redis.namespace } })
  const key = await p.key()
  await p.app.inject({ url: '/api/v1/datasets/g1/test-download.csv', headers: p.auth(key.token) })
  await p.app.inject({ url: '/api/v1/datasets/g1/rows', remoteAddress: '10.3.0.1' })
  const keys = (await keysUnder(redis.client, redis.namespace)).sort()
  t.same(keys, [`download:key:${key.id}`, `minute:ip:10.3.0.1`, `minute:key:${key.id}`].map((k) => redis.namespace + k))
  const ttl = await redis.client.pttl(`${redis.namespace}minute:key:${key.id}`)
  t.ok(ttl > 0 && ttl <= 60_000, `the minute's key expires with it (${ttl} ms)`)
})

t.test('two servers sharing one Redis count as one: a key gets exactly its limit across them', async (t) => {
  const redis = await redisNamespace(t)
  const limit = 40
  const tiers = { ...SMALL, tiers: { ...SMALL.tiers, registered: { requestsPerMinute: limit, downloadsPerHour: 10 } } }
  const a = await makePlatform(t, { tiers, rateLimitRedis: redis })
  // a second server over the same stores, as a second process over one PostgreSQL would be
  const b = await buildApp({ store: a.store, access: a.access, tiers, rateLimitRedis: redis })
  t.teardown(() => b.close())
  const headers = a.auth((await a.key()).token)
  const servers = [a.app, b]
  const answers = await Promise.all(Array.from({ length: 3 * limit }, (_, i) => servers[i % 2]?.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })))
  const served = answers.filter((res) => res?.statusCode === 200)
  t.equal(served.length, limit, `exactly ${limit} of ${3 * limit} concurrent requests served`)
  t.equal(answers.filter((res) => res?.statusCode === 429).length, 2 * limit, 'the rest refused')
  const remaining = served.map((res) => Number(/r=(\d+)/.exec(String(res?.headers.ratelimit))?.[1])).sort((x, y) => x - y)
  t.same(remaining, Array.from({ length: limit }, (_, i) => i), 'each remaining count told exactly once: no request counted twice or lost')
  // which server's requests reach Redis first is a race above; taken in turns, both serve and both stop at the limit
  const inTurn = a.auth((await a.key()).token)
  const statuses: number[] = []
  for (let i = 0; i < limit + 2; i++) statuses.push((await servers[i % 2]!.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers: inTurn })).statusCode)
  t.same(statuses, [...Array.from({ length: limit }, () => 200), 429, 429], 'requests in turns: each server serves its half of one limit, then both refuse')

  const anonymous = { url: '/api/v1/datasets/g1/rows?_limit=1', remoteAddress: '10.4.0.1' }
  for (let i = 0; i < SMALL.tiers.anonymous.requestsPerMinute; i++) t.equal((await servers[i % 2]?.inject(anonymous))?.statusCode, 200)
  t.equal((await a.app.inject(anonymous)).statusCode, 429, 'an address too')
  t.equal((await b.inject(anonymous)).statusCode, 429)
  const other = a.auth((await a.key()).token)
  for (let i = 0; i < 3; i++) await a.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers: other })
  t.match((await b.inject({ url: '/api/v1/me', headers: other })).json().remaining, { requests: limit - 4 }, 'GET /me on the other server reads the shared count')
})

t.test('GONGKAI_REDIS_URL naming a Redis that does not answer: the server does not start, and says how to start Redis', async (t) => {
  const port = await freePort()
  const p = await makePlatform(t)
  const started = buildApp({ store: p.store, access: p.access, rateLimitRedis: { url: `redis://gongkai:s3cret@127.0.0.1:${port}/0` } })
  const error = await started.then(() => undefined, (e: unknown) => e as Error)
  t.ok(error instanceof ConfigError, 'a configuration error')
  t.match(error?.message, new RegExp(`^GONGKAI_REDIS_URL: Redis is not reachable at 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\); start it with \`redis-server --daemonize yes --bind 127\\.0\\.0\\.1 --port 6379 --save "" --appendonly no\`, or unset GONGKAI_REDIS_URL`))
  t.notMatch(error?.message, /s3cret/, 'the password in the URL is not repeated')

  const stderr: string[] = []
  // a data directory with nothing ingested yet: the check comes before the ingest, which would fill it
  const dataDir = path.join(t.testdir(), 'fresh')
  const env = { ...p.fx.env, GONGKAI_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(await freePort()), GONGKAI_REDIS_URL: `redis://127.0.0.1:${port}` }
  const code = await runCli(['start'], { log: () => undefined, error: (line) => stderr.push(line) }, env)
  t.equal(code, 2, 'gongkai start exits')
  t.match(stderr.join('\n'), /configuration error: GONGKAI_REDIS_URL: Redis is not reachable at .*redis-server --daemonize yes/)
  t.notOk(fs.existsSync(path.join(dataDir, 'versions')), 'before ingesting anything')
})

t.test('Redis lost mid-run: requests are served uncounted and said so in the log, GET /me is a 503, and counting resumes when it is back', async (t) => {
  const server = await throwawayRedis(t)
  const log: string[] = []
  const logger = { level: 'warn', stream: new Writable({ write: (chunk, _encoding, done) => done(void log.push(String(chunk))) }) }
  const p = await limited(t, REDIS, { rateLimitRedis: { url: server.url, namespace: 'gongkai-test:' }, logger })
  const headers = p.auth((await p.key()).token)
  const rows = (extra: object = {}) => p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', remoteAddress: '10.5.0.1', ...extra })
  t.match((await rows()).headers.ratelimit, rateLimitState(REDIS, ['minute', 4, 60]), 'counted while Redis is up')

  await server.kill()
  const quota = SMALL.tiers.anonymous.requestsPerMinute
  for (let i = 0; i < quota + 2; i++) {
    const started = performance.now()
    const res = await rows()
    t.equal(res.statusCode, 200, `request ${i + 1} with Redis down: served, past the quota too`)
    t.equal(res.headers.ratelimit, undefined, 'without RateLimit fields, since nothing was counted')
    t.ok(performance.now() - started < 1_500, 'at once, not after retries')
  }
  const bad = await rows({ headers: p.auth(generateKey().token) })
  t.equal(bad.statusCode, 401, 'a bad key is still a 401')
  t.equal((await rows({ headers })).statusCode, 200, 'a good key is served')
  const me = await p.app.inject({ url: '/api/v1/me', headers })
  t.equal(me.statusCode, 503, 'GET /me does not make up a standing')
  t.match(me.json(), { status: 503, detail: /rate-limit counters are unreachable/ })
  const warnings = log.filter((line) => line.includes('rate-limit counters unreachable'))
  t.equal(warnings.length, 1, 'one warning, not one per request')

  await server.start()
  let back: string | undefined
  for (let attempt = 0; attempt < 100 && back === undefined; attempt++) {
    const res = await rows({ remoteAddress: '10.5.0.2' })
    back = res.headers.ratelimit as string | undefined
    if (back === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.match(back, rateLimitState(REDIS, ['minute', 4, 60]), 'counted again once reconnected (the restarted Redis is empty)')
})

t.test('a Redis that stops answering without closing the connection: the check gives up after its timeout and the request is served', async (t) => {
  const server = await throwawayRedis(t)
  const p = await limited(t, REDIS, { rateLimitRedis: { url: server.url, namespace: 'gongkai-test:' } })
  const rows = () => p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', remoteAddress: '10.6.0.1' })
  t.match((await rows()).headers.ratelimit, rateLimitState(REDIS, ['minute', 4, 60]))
  server.freeze()
  const started = performance.now()
  const res = await rows()
  const waited = performance.now() - started
  server.thaw()
  t.equal(res.statusCode, 200, 'served')
  t.equal(res.headers.ratelimit, undefined, 'uncounted as far as this server knows')
  t.ok(waited < 5_000, `after the command timeout, not never (${Math.round(waited)} ms)`)
  // the frozen Redis runs the INCR it was sent once it goes on, so that request is counted after all
  t.match((await rows()).headers.ratelimit, rateLimitState(REDIS, ['minute', 2, 60]), 'counting goes on over the same connection')
})
