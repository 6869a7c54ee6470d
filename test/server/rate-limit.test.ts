/**
 * SPEC §6.3 rate limits with fake timers (node:test's MockTimers on Date, as @fastify/rate-limit's
 * own tests do): exact limits per tier, downloads counted separately, the IETF headers on every
 * response, 429 with Retry-After and a problem body, and the reset after the window.
 */
import { mock } from 'node:test'
import t, { type Test } from 'tap'
import type { KeyTier, TierTable } from '../../src/config/tiers.ts'
import { isUncounted } from '../../src/server/plugins/rate-limit.ts'
import { makePlatform, type Platform } from '../helpers/access-platform.ts'

const SMALL: TierTable = {
  tiers: {
    anonymous: { requestsPerMinute: 5, downloadsPerHour: 2 },
    registered: { requestsPerMinute: 8, downloadsPerHour: 3 },
    partner: { requestsPerMinute: 12, downloadsPerHour: 4 },
    admin: { requestsPerMinute: 15, downloadsPerHour: 5 },
  },
  failedAuthPerMinute: 2,
}

const START = new Date('2026-03-02T09:00:00+08:00').getTime()

async function limited(t: Test): Promise<Platform> {
  const p = await makePlatform(t, { tiers: SMALL })
  // a bulk-file route as the downloads plugin marks them; served by the real app and guarded like any data route
  p.app.get('/api/v1/datasets/:id/test-download.csv', { config: { download: true } }, async (_request, reply) => reply.type('text/csv').send('a,b\n1,2\n'))
  await p.app.ready()
  mock.timers.enable({ apis: ['Date'], now: START })
  t.teardown(() => mock.timers.reset())
  return p
}

const SF_POLICY = /^"[a-z]+";q=\d+;w=\d+(, "[a-z]+";q=\d+;w=\d+)*$/
const SF_STATE = /^"[a-z]+";r=\d+;t=\d+(, "[a-z]+";r=\d+;t=\d+)*$/

t.test('exact limits per tier, keyed by key id, then 429 with Retry-After and a problem', async (t) => {
  const p = await limited(t)
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
      t.equal(res.headers.ratelimit, `"minute";r=${quota - i};t=${60 - (i - 1)}`)
    }
    const over = await p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })
    t.equal(over.statusCode, 429, `${name}: request ${quota + 1}`)
    t.match(over.headers['content-type'], /^application\/problem\+json/)
    t.match(over.json(), { type: /too-many-requests/, status: 429, detail: new RegExp(`${quota} requests per minute`) })
    t.equal(over.headers['retry-after'], String(60 - (quota - 1)))
    t.equal(over.headers.ratelimit, `"minute";r=0;t=${60 - (quota - 1)}`)
    mock.timers.tick(60_000)
  }
})

t.test('the window resets exactly when it ends', async (t) => {
  const p = await limited(t)
  const get = () => p.app.inject('/api/v1/datasets/g1/rows?_limit=1')
  for (let i = 0; i < 5; i++) t.equal((await get()).statusCode, 200)
  mock.timers.tick(59_999)
  const still = await get()
  t.equal(still.statusCode, 429, 'one millisecond before the end')
  t.equal(still.headers['retry-after'], '1')
  mock.timers.tick(1)
  const fresh = await get()
  t.equal(fresh.statusCode, 200, 'a new window')
  t.equal(fresh.headers.ratelimit, '"minute";r=4;t=60')
})

t.test('keys and addresses are counted apart', async (t) => {
  const p = await limited(t)
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

t.test('downloads have their own hourly count, on top of the request count', async (t) => {
  const p = await limited(t)
  const key = await p.key()
  const headers = p.auth(key.token)
  const download = () => p.app.inject({ url: '/api/v1/datasets/g1/test-download.csv', headers })
  const rows = () => p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })
  for (let i = 1; i <= 3; i++) {
    const res = await download()
    t.equal(res.statusCode, 200, `download ${i}`)
    t.equal(res.headers['ratelimit-policy'], '"minute";q=8;w=60, "download";q=3;w=3600')
    t.equal(res.headers.ratelimit, `"minute";r=${8 - i};t=60, "download";r=${3 - i};t=3600`)
  }
  const over = await download()
  t.equal(over.statusCode, 429, 'download 4 in the hour')
  t.match(over.json(), { status: 429, detail: /3 downloads per hour/ })
  t.equal(over.headers['retry-after'], '3600')
  const other = await rows()
  t.equal(other.statusCode, 200, 'other requests go on')
  t.equal(other.headers.ratelimit, '"minute";r=3;t=60', 'every download counted as a request too')
  t.equal((await p.app.inject({ method: 'HEAD', url: '/api/v1/datasets/g1/test-download.csv', headers })).statusCode, 200, 'HEAD fetches no file and is not a download')

  mock.timers.tick(60_000)
  t.equal((await download()).statusCode, 429, 'a new minute is not a new hour')
  t.equal((await rows()).statusCode, 200)
  mock.timers.tick(3_540_000)
  const reset = await download()
  t.equal(reset.statusCode, 200, 'a new hour')
  t.match(reset.headers.ratelimit, /"download";r=2;t=3600$/)

  const me = (await p.app.inject({ url: '/api/v1/me', headers })).json()
  t.same(me.limits, { requests_per_minute: 8, downloads_per_hour: 3 })
  t.match(me.remaining, { downloads: 2, downloads_reset_in: 3600 })

  // the request limit still applies to downloads (this minute so far: one download and GET /me)
  for (let i = 0; i < 6; i++) await rows()
  const byMinute = await download()
  t.equal(byMinute.statusCode, 429)
  t.match(byMinute.json(), { detail: /8 requests per minute/ })
  t.match(byMinute.headers.ratelimit, /^"minute";r=0;t=\d+, "download";r=2;t=\d+$/, 'a download refused by the minute limit is not counted as one')
})

t.test('every response carries RateLimit-Policy and RateLimit', async (t) => {
  const p = await limited(t)
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

t.test('health, readiness and the documentation are not counted, and carry no RateLimit headers', async (t) => {
  const p = await limited(t)
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
  t.equal(data.headers.ratelimit, `"minute";r=${anonymousQuota - 1};t=60`, 'the first counted request of this address')
  t.equal((await p.app.inject('/nope')).headers.ratelimit, `"minute";r=${anonymousQuota - 2};t=60`, 'a path no route knows is counted')
})

t.test('which routes are uncounted: by route pattern', async (t) => {
  const cases: Array<[string | undefined, boolean]> = [
    ['/healthz', true], ['/readyz', true], ['/docs', true], ['/docs/*', true], ['/docs/json', true],
    ['/openapi.json', false], ['/api/v1/datasets', false], ['/docsx', false], [undefined, false],
  ]
  for (const [url, expected] of cases) t.equal(isUncounted(url), expected, String(url))
})
