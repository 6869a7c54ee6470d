import t from 'tap'
import { exceededDetail, rateLimitHeaders } from '../../src/access/rate-limit-headers.ts'
import { RateLimits } from '../../src/access/rate-limits.ts'
import { MemoryWindowCounter } from '../../src/access/window-counter.ts'
import { DEFAULT_TIERS } from '../../src/config/tiers.ts'

t.test('a window starts with its first hit and ends a window length later', async (t) => {
  const counter = new MemoryWindowCounter(60_000)
  t.same(await counter.hit('a', 1_000), { count: 1, resetAt: 61_000 })
  t.same(await counter.hit('a', 30_000), { count: 2, resetAt: 61_000 })
  t.same(await counter.peek('a', 60_999), { count: 2, resetAt: 61_000 })
  t.equal(await counter.peek('a', 61_000), undefined, 'over at its end')
  t.same(await counter.hit('a', 61_000), { count: 1, resetAt: 121_000 })
  t.same(await counter.hit('b', 61_000), { count: 1, resetAt: 121_000 }, 'subjects apart')
})

t.test('expired windows are swept, and the number of subjects is capped', async (t) => {
  const counter = new MemoryWindowCounter(1_000, 100)
  for (let i = 0; i < 50; i++) await counter.hit(`s${i}`, 0)
  t.equal(counter.size, 50)
  await counter.hit('late', 5_000)
  t.equal(counter.size, 1, 'all expired ones swept')
  for (let i = 0; i < 150; i++) await counter.hit(`flood${i}`, 5_100)
  t.equal(counter.size, 100, 'a flood of new addresses cannot grow the map without bound')
  t.equal(await counter.peek('flood149', 5_100) !== undefined, true, 'the newest are kept')
  t.equal(await counter.peek('late', 5_100), undefined, 'the oldest are forgotten first')
})

t.test('headers in the structured-field form of the IETF draft', async (t) => {
  const limits = new RateLimits(DEFAULT_TIERS)
  const first = await limits.consume({ keyId: 'k', ip: '1.1.1.1', tier: 'registered' }, false, 0)
  t.same(rateLimitHeaders(first), { 'ratelimit-policy': '"minute";q=1200;w=60', ratelimit: '"minute";r=1199;t=60' })
  const later = await limits.consume({ keyId: 'k', ip: '2.2.2.2', tier: 'registered' }, true, 17_500)
  t.same(rateLimitHeaders(later), {
    'ratelimit-policy': '"minute";q=1200;w=60, "download";q=200;w=3600',
    ratelimit: '"minute";r=1198;t=43, "download";r=199;t=3600',
  })
  t.same(await limits.standing({ keyId: 'k', ip: 'x', tier: 'registered' }, 17_500), {
    minute: { name: 'minute', quota: 1200, windowSeconds: 60, remaining: 1198, resetIn: 43 },
    download: { name: 'download', quota: 200, windowSeconds: 3600, remaining: 199, resetIn: 3600 },
  }, 'standing reads without counting')
  t.equal((await limits.consume({ keyId: 'k', ip: 'x', tier: 'registered' }, false, 17_500)).policies[0]?.remaining, 1197)
})

t.test('over the limit: which one, and for how long', async (t) => {
  const limits = new RateLimits({ ...DEFAULT_TIERS, failedAuthPerMinute: 2 })
  const anonymous = { ip: '9.9.9.9', tier: 'anonymous' as const }
  for (let i = 0; i < 60; i++) t.equal((await limits.consume(anonymous, false, i * 100)).exceeded, undefined)
  const over = await limits.consume(anonymous, false, 10_000)
  t.match(over, { exceeded: 'minute', retryAfter: 50 })
  t.equal(rateLimitHeaders(over)['retry-after'], '50')
  t.equal(exceededDetail(over), 'rate limit exceeded (60 requests per minute); retry in 50 s')

  const malformed = { ip: '5.5.5.5' }
  t.equal(await limits.authBlocked(malformed, 0), undefined)
  await limits.recordAuthFailure(malformed, 0)
  t.equal(await limits.authBlocked(malformed, 1), undefined)
  t.same(rateLimitHeaders(await limits.recordAuthFailure(malformed, 2_000)), { 'ratelimit-policy': '"auth";q=2;w=60', ratelimit: '"auth";r=0;t=58' })
  const blocked = await limits.authBlocked(malformed, 30_000)
  t.match(blocked, { exceeded: 'auth', retryAfter: 30 })
  t.equal(exceededDetail(blocked as NonNullable<typeof blocked>), 'rate limit exceeded (2 failed authentications per minute from one address); retry in 30 s')
  t.equal(await limits.authBlocked(malformed, 60_000), undefined, 'until the window ends')
})

t.test('failed authentications are counted per address and per key id; a key is refused unchecked only when both are over', async (t) => {
  const limits = new RateLimits({ ...DEFAULT_TIERS, failedAuthPerMinute: 2 })
  const guess = { ip: '6.6.6.6', keyId: 'aaaaaaaaaaaaaaaa' }
  t.equal((await limits.recordAuthFailure(guess, 0)).exceeded, undefined)
  t.equal((await limits.recordAuthFailure(guess, 1_000)).exceeded, undefined, 'the second failure is still a 401')
  t.match(await limits.authBlocked(guess, 2_000), { exceeded: 'auth', retryAfter: 58 }, 'the same key id from the same address: refused unchecked')
  t.match(await limits.authBlocked({ ip: '6.6.6.6' }, 2_000), { exceeded: 'auth' }, 'so is a malformed key, which names no key id')
  const other = { ip: '6.6.6.6', keyId: 'bbbbbbbbbbbbbbbb' }
  t.equal(await limits.authBlocked(other, 2_000), undefined, 'another key from the address is looked up (a valid one is served)')
  t.match(await limits.recordAuthFailure(other, 3_000), { exceeded: 'auth', retryAfter: 57 }, 'and if it is bad too, the answer is a 429')
  t.equal(await limits.authBlocked({ ip: '7.7.7.7', keyId: guess.keyId }, 3_000), undefined, 'the guessed key from another address is looked up')
  t.match(await limits.recordAuthFailure({ ip: '7.7.7.7', keyId: guess.keyId }, 4_000), { exceeded: 'auth', retryAfter: 56 }, 'a failure on a key id over its limit is a 429 from any address')
  t.match(await limits.authBlocked(guess, 10_000), { retryAfter: 50 }, 'lookups resume when the first of the two windows ends')
  t.equal(await limits.authBlocked(guess, 60_000), undefined)
})
