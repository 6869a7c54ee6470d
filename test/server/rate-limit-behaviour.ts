/**
 * SPEC §6.3 rate limits as a client sees them, run against each counter store: the in-process one
 * (rate-limit.test.ts) and Redis (rate-limit-redis.test.ts). Exact counts per tier, keys and addresses
 * apart, downloads counted separately, the IETF headers on every response, 429 with Retry-After and a
 * problem body, failed authentications, and GET /me reading its standing without counting.
 *
 * The in-process store reads Date, which the tests move (node:test's MockTimers, as @fastify/rate-limit's
 * own tests do), so reset times are exact there; Redis windows run on its own clock, so against Redis
 * the counts are exact and a reset time is only a number of seconds within the window.
 */
import { mock } from 'node:test'
import t, { type Test } from 'tap'
import { generateKey } from '../../src/access/keys.ts'
import type { KeyTier, TierTable } from '../../src/config/tiers.ts'
import { makePlatform, type Platform, type PlatformOptions } from '../helpers/access-platform.ts'

export const SMALL: TierTable = {
  tiers: {
    anonymous: { requestsPerMinute: 5, downloadsPerHour: 2 },
    registered: { requestsPerMinute: 8, downloadsPerHour: 3 },
    partner: { requestsPerMinute: 12, downloadsPerHour: 4 },
    admin: { requestsPerMinute: 15, downloadsPerHour: 5 },
  },
  failedAuthPerMinute: 2,
}

const START = new Date('2026-03-02T09:00:00+08:00').getTime()

export interface CounterStore {
  name: string
  /** Platform options that put the counters in this store, fresh for this test. */
  options(t: Test): Promise<PlatformOptions>
  /** Whether the tests' clock is the store's (reset times exact) or not (Redis). */
  fakeTime: boolean
}

/** A platform with SMALL limits and a download route, over `store`, with Date frozen at START. */
export async function limited(t: Test, store: CounterStore, options: PlatformOptions = {}): Promise<Platform> {
  const p = await makePlatform(t, { tiers: SMALL, ...(await store.options(t)), ...options })
  // a bulk-file route as the downloads plugin marks them; served by the real app and guarded like any data route
  p.app.get('/api/v1/datasets/:id/test-download.csv', { config: { download: true } }, async (_request, reply) => reply.type('text/csv').send('a,b\n1,2\n'))
  await p.app.ready()
  mock.timers.enable({ apis: ['Date'], now: START })
  t.teardown(() => mock.timers.reset())
  return p
}

const SF_POLICY = /^"[a-z]+";q=\d+;w=\d+(, "[a-z]+";q=\d+;w=\d+)*$/
const SF_STATE = /^"[a-z]+";r=\d+;t=\d+(, "[a-z]+";r=\d+;t=\d+)*$/

/**
 * The RateLimit field for these policies: `[name, remaining, resetIn]`, the reset exact where the store
 * runs on the tests' clock, any whole number of seconds otherwise.
 */
export function rateLimitState(store: CounterStore, ...policies: Array<[string, number, number]>): RegExp {
  const item = ([name, remaining, resetIn]: [string, number, number]) => `"${name}";r=${remaining};t=${store.fakeTime ? resetIn : '\\d+'}`
  return new RegExp(`^${policies.map(item).join(', ')}$`)
}

export function rateLimitBehaviour(store: CounterStore): void {
  const state = (...policies: Array<[string, number, number]>) => rateLimitState(store, ...policies)

  t.test(`${store.name}: exact limits per tier, keyed by key id, then 429 with Retry-After and a problem`, async (t) => {
    const p = await limited(t, store)
    const callers: Array<[string, KeyTier | undefined]> = [['anonymous', undefined], ['registered', 'registered'], ['partner', 'partner'], ['admin', 'admin']]
    for (const [name, tier] of callers) {
      const headers = tier ? p.auth((await p.key(tier)).token) : {}
      const quota = SMALL.tiers[tier ?? 'anonymous'].requestsPerMinute
      for (let i = 1; i <= quota; i++) {
        mock.timers.tick(1_000)
        const res = await p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })
        t.equal(res.statusCode, 200, `${name} request ${i}`)
        t.equal(res.headers['ratelimit-policy'], `"minute";q=${quota};w=60`)
        // the window started with the first request, one second before the clock moved on
        t.match(res.headers.ratelimit, state(['minute', quota - i, 60 - (i - 1)]))
      }
      const over = await p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })
      t.equal(over.statusCode, 429, `${name}: request ${quota + 1}`)
      t.match(over.headers['content-type'], /^application\/problem\+json/)
      t.match(over.json(), { type: /too-many-requests/, status: 429, detail: new RegExp(`${quota} requests per minute`) })
      t.match(over.headers.ratelimit, state(['minute', 0, 60 - (quota - 1)]))
      const retryAfter = Number(over.headers['retry-after'])
      if (store.fakeTime) t.equal(retryAfter, 60 - (quota - 1))
      else t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter} within the minute`)
      mock.timers.tick(60_000)
    }
  })

  t.test(`${store.name}: keys and addresses are counted apart`, async (t) => {
    const p = await limited(t, store)
    const a = p.auth((await p.key()).token)
    const b = p.auth((await p.key()).token)
    for (let i = 0; i < 8; i++) await p.app.inject({ url: '/api/v1/datasets/g1/rows', headers: a, remoteAddress: `10.0.0.${i}` })
    t.equal((await p.app.inject({ url: '/api/v1/datasets/g1/rows', headers: a, remoteAddress: '10.9.9.9' })).statusCode, 429, 'a key is limited wherever it comes from')
    t.equal((await p.app.inject({ url: '/api/v1/datasets/g1/rows', headers: b })).statusCode, 200, 'another key from the same address is not')
    for (let i = 0; i < 5; i++) await p.app.inject({ url: '/api/v1/datasets/g1/rows', remoteAddress: '10.1.1.1' })
    t.equal((await p.app.inject({ url: '/api/v1/datasets/g1/rows', remoteAddress: '10.1.1.1' })).statusCode, 429, 'anonymous: by address')
    t.equal((await p.app.inject({ url: '/api/v1/datasets/g1/rows', remoteAddress: '10.1.1.2' })).statusCode, 200, 'another address')
    t.equal((await p.app.inject({ url: '/api/v1/datasets/g1/rows', remoteAddress: '10.1.1.1', headers: b })).statusCode, 200, 'a key from an exhausted address')
  })

  t.test(`${store.name}: downloads have their own hourly count, on top of the request count`, async (t) => {
    const p = await limited(t, store)
    const headers = p.auth((await p.key()).token)
    const download = () => p.app.inject({ url: '/api/v1/datasets/g1/test-download.csv', headers })
    const rows = () => p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })
    for (let i = 1; i <= 3; i++) {
      const res = await download()
      t.equal(res.statusCode, 200, `download ${i}`)
      t.equal(res.headers['ratelimit-policy'], '"minute";q=8;w=60, "download";q=3;w=3600')
      t.match(res.headers.ratelimit, state(['minute', 8 - i, 60], ['download', 3 - i, 3600]))
    }
    const over = await download()
    t.equal(over.statusCode, 429, 'download 4 in the hour')
    t.match(over.json(), { status: 429, detail: /3 downloads per hour/ })
    t.ok(Number(over.headers['retry-after']) > 60, 'wait for the hour, not the minute')
    const other = await rows()
    t.equal(other.statusCode, 200, 'other requests go on')
    t.match(other.headers.ratelimit, state(['minute', 3, 60]), 'every download counted as a request too')
    t.equal((await p.app.inject({ method: 'HEAD', url: '/api/v1/datasets/g1/test-download.csv', headers })).statusCode, 200, 'HEAD fetches no file and is not a download')
    await rows()
    await rows()
    const byMinute = await download()
    t.equal(byMinute.statusCode, 429)
    t.match(byMinute.json(), { detail: /8 requests per minute/ })
    t.match(byMinute.headers.ratelimit, state(['minute', 0, 60], ['download', 0, 3600]), 'over both: the minute is what it says')
  })

  t.test(`${store.name}: GET /me reads what is left without counting it`, async (t) => {
    const p = await limited(t, store)
    const key = await p.key()
    const headers = p.auth(key.token)
    await p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })
    await p.app.inject({ url: '/api/v1/datasets/g1/test-download.csv', headers })
    for (const seen of [3, 4, 5]) {
      const me = await p.app.inject({ url: '/api/v1/me', headers })
      t.equal(me.statusCode, 200)
      t.match(me.json().remaining, { requests: 8 - seen, downloads: 2 }, `after ${seen} requests, GET /me among them`)
      t.match(me.headers.ratelimit, state(['minute', 8 - seen, 60]), 'the same as its own RateLimit header: counted once, as a request')
    }
    const fresh = (await p.app.inject({ url: '/api/v1/me', headers: p.auth((await p.key('partner')).token) })).json()
    t.match(fresh.remaining, { requests: 11, downloads: 4, downloads_reset_in: 3600 }, 'no download yet: the whole hour')
  })

  t.test(`${store.name}: every response carries RateLimit-Policy and RateLimit`, async (t) => {
    const p = await limited(t, store)
    const registered = await p.key()
    const cases: Array<[string, { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: object }, number]> = [
      ['data', { url: '/api/v1/datasets/g1/rows' }, 200],
      ['catalog', { url: '/api/v1/datasets' }, 200],
      ['metadata', { url: '/api/v1/datasets/g4' }, 200],
      ['openapi', { url: '/openapi.json' }, 200],
      ['validation error', { url: '/api/v1/datasets/g1/rows?_limit=abc' }, 400],
      ['key in the query', { url: '/api/v1/datasets/g1/rows?api_key=x' }, 400],
      ['no route', { url: '/nope' }, 404],
      ['no dataset', { url: '/api/v1/datasets/nope/rows' }, 404],
      ['needs a key', { url: '/api/v1/datasets/g2/rows' }, 401],
      ['bad key', { url: '/api/v1/datasets/g1/rows', headers: { authorization: 'Bearer nope' } }, 401],
      ['needs a grant', { url: '/api/v1/datasets/g3/rows', headers: p.auth(registered.token) }, 403],
      ['admin only', { url: '/api/v1/admin/keys', headers: p.auth(registered.token) }, 403],
      ['application refused', { method: 'POST', url: '/api/v1/datasets/g1/applications', headers: p.auth(registered.token), payload: { purpose: 'a purpose of some length', accept_agreement: true } }, 409],
      ['over the limit', { url: '/api/v1/datasets/g1/rows' }, 429],
    ]
    for (const [index, [what, base, status]] of cases.entries()) {
      // each case from its own address, so that anonymous cases do not use up one another's quota
      const request = { ...base, remoteAddress: `10.2.0.${index}` }
      if (status === 429) for (let i = 0; i < 5; i++) await p.app.inject(request)
      const res = await p.app.inject(request)
      t.equal(res.statusCode, status, what)
      t.match(res.headers['ratelimit-policy'], SF_POLICY, `${what}: RateLimit-Policy ${res.headers['ratelimit-policy']}`)
      t.match(res.headers.ratelimit, SF_STATE, `${what}: RateLimit ${res.headers.ratelimit}`)
      if (status === 429) t.ok(res.headers['retry-after'])
    }
  })

  t.test(`${store.name}: health, readiness and the documentation are not counted, and carry no RateLimit headers`, async (t) => {
    const p = await limited(t, store)
    const anonymousQuota = SMALL.tiers.anonymous.requestsPerMinute
    const uncounted = ['/healthz', '/readyz', '/docs', '/docs/', '/docs/static/index.html', '/docs/static/swagger-initializer.js', '/docs/json', '/healthz?probe=1']
    for (let round = 0; round <= anonymousQuota; round++) {
      for (const url of uncounted) {
        const res = await p.app.inject(url)
        t.ok(res.statusCode < 400, `${url}: ${res.statusCode}`)
        t.equal(res.headers.ratelimit, undefined, `${url}: no RateLimit header`)
      }
    }
    const data = await p.app.inject('/api/v1/datasets/g1/rows?_limit=1')
    t.equal(data.statusCode, 200)
    t.match(data.headers.ratelimit, state(['minute', anonymousQuota - 1, 60]), 'the first counted request of this address')
    t.match((await p.app.inject('/nope')).headers.ratelimit, state(['minute', anonymousQuota - 2, 60]), 'a path no route knows is counted')
  })

  t.test(`${store.name}: failed authentications are limited per address, and a valid key from there is still served`, async (t) => {
    const p = await limited(t, store)
    const admin = await p.key('admin')
    const from = (headers: Record<string, string>) => p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', remoteAddress: '198.51.100.7', headers })
    for (let i = 1; i <= SMALL.failedAuthPerMinute; i++) {
      const bad = await from(p.auth(generateKey().token))
      t.equal(bad.statusCode, 401, `bad key ${i}`)
      t.match(bad.headers.ratelimit, state(['auth', SMALL.failedAuthPerMinute - i, 60]))
    }
    t.equal((await from(p.auth(admin.token))).statusCode, 200, 'a valid key from an address over its failed-authentication limit is served')
    const next = await from(p.auth(generateKey().token))
    t.equal(next.statusCode, 429, 'another bad key from there is a 429')
    t.match(next.json(), { detail: /2 failed authentications per minute/ })
    t.equal((await from({ authorization: 'Bearer not-a-key' })).statusCode, 429, 'a malformed key is refused unchecked')
  })
}
