/**
 * SPEC §6.3 rate limits over the in-process counter store (the embedded default): the behaviour suite
 * of rate-limit-behaviour.ts, and what needs the clock in hand, which fake timers give here (the
 * store reads Date): windows that reset exactly when they end, a minute that is not an hour.
 */
import { mock } from 'node:test'
import t from 'tap'
import { isUncounted } from '../../src/server/plugins/rate-limit.ts'
import { limited, rateLimitBehaviour, type CounterStore } from './rate-limit-behaviour.ts'

const IN_PROCESS: CounterStore = { name: 'in-process', options: async () => ({}), fakeTime: true }

rateLimitBehaviour(IN_PROCESS)

t.test('the window resets exactly when it ends', async (t) => {
  const p = await limited(t, IN_PROCESS)
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

t.test('downloads: a new minute is not a new hour', async (t) => {
  const p = await limited(t, IN_PROCESS)
  const headers = p.auth((await p.key()).token)
  const download = () => p.app.inject({ url: '/api/v1/datasets/g1/test-download.csv', headers })
  for (let i = 1; i <= 3; i++) t.equal((await download()).statusCode, 200, `download ${i}`)
  const over = await download()
  t.equal(over.statusCode, 429, 'download 4 in the hour')
  t.equal(over.headers['retry-after'], '3600')
  mock.timers.tick(60_000)
  t.equal((await download()).statusCode, 429, 'a new minute is not a new hour')
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', headers })).statusCode, 200)
  mock.timers.tick(3_540_000)
  const reset = await download()
  t.equal(reset.statusCode, 200, 'a new hour')
  t.match(reset.headers.ratelimit, /"download";r=2;t=3600$/)
  const me = (await p.app.inject({ url: '/api/v1/me', headers })).json()
  t.same(me.limits, { requests_per_minute: 8, downloads_per_hour: 3 })
  t.match(me.remaining, { downloads: 2, downloads_reset_in: 3600 })
})

t.test('which routes are uncounted: by route pattern', async (t) => {
  const cases: Array<[string | undefined, boolean]> = [
    ['/healthz', true], ['/readyz', true], ['/docs', true], ['/docs/*', true], ['/docs/json', true],
    ['/openapi.json', false], ['/api/v1/datasets', false], ['/docsx', false], [undefined, false],
  ]
  for (const [url, expected] of cases) t.equal(isUncounted(url), expected, String(url))
})
