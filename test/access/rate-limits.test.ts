/**
 * What the limits count and answer, over @fastify/rate-limit's in-process store with fake time (node:test's
 * MockTimers on Date, which the store reads). The same behaviour over Redis: test/server/rate-limit-redis.test.ts.
 */
import { mock } from 'node:test'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { exceededDetail, rateLimitHeaders } from '../../src/access/rate-limit-headers.ts'
import { RateLimits } from '../../src/access/rate-limits.ts'
import { DEFAULT_TIERS, type TierTable } from '../../src/config/tiers.ts'
import { setUpRateLimits } from '../../src/server/plugins/rate-limit-store.ts'

/** Limits over a fresh in-process store, and a clock that starts at 0 and is set with `at(ms)`. */
async function limitsAt(t: Test, tiers: TierTable = DEFAULT_TIERS, maxWindows?: number): Promise<{ limits: RateLimits; at: (ms: number) => void }> {
  const app = Fastify()
  const limits = await setUpRateLimits(app, { tiers, ...(maxWindows ? { maxWindows } : {}) })
  t.teardown(() => app.close())
  mock.timers.enable({ apis: ['Date'], now: 0 })
  t.teardown(() => mock.timers.reset())
  let now = 0
  const at = (ms: number) => {
    mock.timers.tick(ms - now)
    now = ms
  }
  return { limits, at }
}

t.test('a window starts with its first request and ends a window length later', async (t) => {
  const { limits, at } = await limitsAt(t)
  const anonymous = { ip: '1.1.1.1', tier: 'anonymous' as const }
  at(1_000)
  t.match((await limits.consume(anonymous, false)).policies, [{ remaining: 59, resetIn: 60 }])
  at(30_000)
  t.match((await limits.consume(anonymous, false)).policies, [{ remaining: 58, resetIn: 31 }])
  at(60_999)
  t.match((await limits.consume(anonymous, false)).policies, [{ remaining: 57, resetIn: 1 }])
  at(61_000)
  t.match((await limits.consume(anonymous, false)).policies, [{ remaining: 59, resetIn: 60 }], 'a new window at its end')
  t.match((await limits.consume({ ...anonymous, ip: '2.2.2.2' }, false)).policies, [{ remaining: 59 }], 'subjects apart')
})

t.test('the in-process store remembers a bounded number of windows, least recently used forgotten first', async (t) => {
  const { limits, at } = await limitsAt(t, DEFAULT_TIERS, 100)
  const from = (ip: string) => limits.consume({ ip, tier: 'anonymous' }, false)
  await from('old')
  await from('active')
  for (let i = 0; i < 99; i++) {
    if (i % 10 === 0) await from('active')
    await from(`flood${i}`)
  }
  at(1_000)
  t.match((await from('active')).policies, [{ remaining: 48 }], 'a subject in use is kept through a flood of new addresses')
  t.match((await from('old')).policies, [{ remaining: 59 }], 'one not seen since starts afresh')
})

t.test('headers in the structured-field form of the IETF draft', async (t) => {
  const { limits, at } = await limitsAt(t)
  const first = await limits.consume({ keyId: 'k', ip: '1.1.1.1', tier: 'registered' }, false)
  t.same(rateLimitHeaders(first), { 'ratelimit-policy': '"minute";q=1200;w=60', ratelimit: '"minute";r=1199;t=60' })
  at(17_500)
  const later = await limits.consume({ keyId: 'k', ip: '2.2.2.2', tier: 'registered' }, true)
  t.same(rateLimitHeaders(later), {
    'ratelimit-policy': '"minute";q=1200;w=60, "download";q=200;w=3600',
    ratelimit: '"minute";r=1198;t=43, "download";r=199;t=3600',
  })
  t.same(await limits.standing({ keyId: 'k', ip: 'x', tier: 'registered' }), {
    minute: { name: 'minute', quota: 1200, windowSeconds: 60, remaining: 1198, resetIn: 43 },
    download: { name: 'download', quota: 200, windowSeconds: 3600, remaining: 199, resetIn: 3600 },
  }, 'standing reads without counting')
  t.equal((await limits.consume({ keyId: 'k', ip: 'x', tier: 'registered' }, false)).policies[0]?.remaining, 1197)
  t.same(await limits.standing({ keyId: 'nobody', ip: 'x', tier: 'partner' }), {
    minute: { name: 'minute', quota: 12000, windowSeconds: 60, remaining: 12000, resetIn: 60 },
    download: { name: 'download', quota: 2000, windowSeconds: 3600, remaining: 2000, resetIn: 3600 },
  }, 'no window running: the whole quota, and a window that would start now')
  t.same(rateLimitHeaders({ policies: [] }), {}, 'nothing counted, no fields')
})

t.test('over the limit: which one, and for how long', async (t) => {
  const { limits, at } = await limitsAt(t, { ...DEFAULT_TIERS, failedAuthPerMinute: 2 })
  const anonymous = { ip: '9.9.9.9', tier: 'anonymous' as const }
  for (let i = 0; i < 60; i++) {
    at(i * 100)
    t.equal((await limits.consume(anonymous, false)).exceeded, undefined)
  }
  at(10_000)
  const over = await limits.consume(anonymous, false)
  t.match(over, { exceeded: 'minute', retryAfter: 50 })
  t.equal(rateLimitHeaders(over)['retry-after'], '50')
  t.equal(exceededDetail(over), 'rate limit exceeded (60 requests per minute); retry in 50 s')

  at(100_000)
  const malformed = { ip: '5.5.5.5' }
  t.equal(await limits.authBlocked(malformed), undefined)
  await limits.recordAuthFailure(malformed)
  at(100_001)
  t.equal(await limits.authBlocked(malformed), undefined)
  at(102_000)
  t.same(rateLimitHeaders(await limits.recordAuthFailure(malformed)), { 'ratelimit-policy': '"auth";q=2;w=60', ratelimit: '"auth";r=0;t=58' })
  at(130_000)
  const blocked = await limits.authBlocked(malformed)
  t.match(blocked, { exceeded: 'auth', retryAfter: 30 })
  t.equal(exceededDetail(blocked as NonNullable<typeof blocked>), 'rate limit exceeded (2 failed authentications per minute from one address); retry in 30 s')
  at(160_000)
  t.equal(await limits.authBlocked(malformed), undefined, 'until the window ends')
})

t.test('failed authentications are counted per address and per key id; a key is refused unchecked only when both are over', async (t) => {
  const { limits, at } = await limitsAt(t, { ...DEFAULT_TIERS, failedAuthPerMinute: 2 })
  const guess = { ip: '6.6.6.6', keyId: 'aaaaaaaaaaaaaaaa' }
  t.equal((await limits.recordAuthFailure(guess)).exceeded, undefined)
  at(1_000)
  t.equal((await limits.recordAuthFailure(guess)).exceeded, undefined, 'the second failure is still a 401')
  at(2_000)
  t.match(await limits.authBlocked(guess), { exceeded: 'auth', retryAfter: 58 }, 'the same key id from the same address: refused unchecked')
  t.match(await limits.authBlocked({ ip: '6.6.6.6' }), { exceeded: 'auth' }, 'so is a malformed key, which names no key id')
  const other = { ip: '6.6.6.6', keyId: 'bbbbbbbbbbbbbbbb' }
  t.equal(await limits.authBlocked(other), undefined, 'another key from the address is looked up (a valid one is served)')
  at(3_000)
  t.match(await limits.recordAuthFailure(other), { exceeded: 'auth', retryAfter: 57 }, 'and if it is bad too, the answer is a 429')
  t.equal(await limits.authBlocked({ ip: '7.7.7.7', keyId: guess.keyId }), undefined, 'the guessed key from another address is looked up')
  at(4_000)
  t.match(await limits.recordAuthFailure({ ip: '7.7.7.7', keyId: guess.keyId }), { exceeded: 'auth', retryAfter: 56 }, 'a failure on a key id over its limit is a 429 from any address')
  at(10_000)
  t.match(await limits.authBlocked(guess), { retryAfter: 50 }, 'lookups resume when the first of the two windows ends')
  at(60_000)
  t.equal(await limits.authBlocked(guess), undefined)
})

t.test('counters out of reach: served uncounted (fail open), each failure reported, and no standing is made up', async (t) => {
  const failures: string[] = []
  const limits = new RateLimits(DEFAULT_TIERS, async () => {
    throw new Error('Connection is closed.')
  }, (error) => failures.push(error.message))
  t.same(await limits.consume({ ip: '1.1.1.1', tier: 'anonymous' }, true), { policies: [] })
  t.equal(await limits.authBlocked({ ip: '1.1.1.1', keyId: 'k' }), undefined, 'a key is looked up')
  t.same(await limits.recordAuthFailure({ ip: '1.1.1.1' }), { policies: [] }, 'a bad key is a 401 without limit headers')
  await t.rejects(limits.standing({ keyId: 'k', ip: '1.1.1.1', tier: 'registered' }), /Connection is closed/)
  t.same(failures, ['Connection is closed.', 'Connection is closed.', 'Connection is closed.'])
})
