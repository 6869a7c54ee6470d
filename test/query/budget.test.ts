/**
 * Over HTTP, with a fake clock for the budget: a pathological query is cancelled at its budget with a
 * 503; the budget counts from the request's arrival; a caller at its limit is a 429 and a full line a
 * 503, both at once with Retry-After; and a primary-key lookup is answered while scans hold the shared
 * worker and the line. The scan takes hundreds of milliseconds unhindered, and every request that must
 * meet it in the pool is sent the moment it has been admitted, so no assertion waits on the machine.
 */
import t, { type Test } from 'tap'
import { MAX_LIST_VALUES } from '../../src/query/operators.ts'
import { FakeClock } from '../helpers/fake-clock.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

const BUDGET_MS = 100
const ROWS = 500_000
// contains on an unindexed text field, long NOT IN lists, sorted by unindexed fields, 10,000 rows:
// a full scan of 500k rows and a large sort
const list = (value: (i: number) => string) => encodeURIComponent(Array.from({ length: MAX_LIST_VALUES }, (_, i) => value(i)).join(','))
const NOT_IN = list((i) => `x${i}`)
const NOT_IN_STATIONS = list((i) => `站${i}`)
const NOT_IN_DAYS = list((i) => `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`)
const pathological = (limit = 10_000) => `/api/v1/datasets/stations/rows?note__contains=${encodeURIComponent('备注')}&note__notin=${NOT_IN}&station__notin=${NOT_IN_STATIONS}&day__notin=${NOT_IN_DAYS}&_sort=-note,pm25&_limit=${limit}`

let shared: Fixture | undefined
async function fixture(t: Test): Promise<Fixture> {
  if (shared) return shared
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(ROWS))
  t.equal((await fx.cli('ingest')).code, 0)
  shared = fx
  return fx
}

t.test('HTTP over a pool with one shared worker', async (t) => {
  const fx = await fixture(t)

  t.test('a query past its budget is a 503 that says how to narrow it, and the pool keeps serving', async (t) => {
    const clock = new FakeClock()
    const app = await appFor(t, fx, { workers: 1, budgetMs: BUDGET_MS, clock })
    await app.store.warmUp()
    const admitted = clock.nextTimer()
    const slow = app.inject(pathological())
    await admitted
    clock.advance(BUDGET_MS)
    const res = await slow
    t.equal(res.statusCode, 503)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status: 503, detail: `the query did not finish within its ${BUDGET_MS} ms budget; narrow the filters, use an indexed field, or download the dataset` })
    t.equal(res.headers['retry-after'], '5')
    t.equal((await app.inject('/api/v1/datasets/stations/rows?_limit=3&aqi__gt=10')).statusCode, 200, 'the worker was replaced')
  })

  t.test('the budget counts from arrival: a request that spent it before reaching the pool is not run', async (t) => {
    const app = await appFor(t, fx, { workers: 1, budgetMs: BUDGET_MS, clock: new FakeClock() })
    // whatever the request waited for before its query is part of the budget: here it arrived a budget ago
    app.addHook('preHandler', async (request) => {
      request.arrivedAt -= BUDGET_MS + 10
    })
    const res = await app.inject('/api/v1/datasets/stations/rows?_limit=3')
    t.equal(res.statusCode, 503)
    t.match(res.json(), { detail: `the server is busy: the query waited its whole ${BUDGET_MS} ms budget for a free worker; retry in 1 s` })
    t.equal(res.headers['retry-after'], '1')
  })

  t.test('overload is answered at once: the caller\'s limit a 429, a full line a 503; lookups go past the scans', async (t) => {
    const clock = new FakeClock()
    const app = await appFor(t, fx, { workers: 1, budgetMs: BUDGET_MS, clock, queueLength: 1, perCaller: 2 })
    await app.store.warmUp()
    const a = { remoteAddress: '192.0.2.1' }
    const b = { remoteAddress: '192.0.2.2' }
    const running = clock.nextTimer()
    const first = app.inject({ url: pathological(10_000), ...a })
    await running
    const waiting = clock.nextTimer()
    let secondDone = false
    const second = app.inject({ url: pathological(9_999), ...a }).finally(() => (secondDone = true))
    await waiting

    const [busy, full, lookup] = await Promise.all([
      app.inject({ url: pathological(9_998), ...a }),
      app.inject({ url: pathological(9_997), ...b }),
      app.inject({ url: '/api/v1/datasets/stations/rows?id=7', ...b }),
    ])
    t.equal(busy.statusCode, 429, 'caller a has its two queries in the pool')
    t.match(busy.json(), { detail: 'too many queries at once: at most 2 per caller may be running or waiting; wait for one to finish; retry in 1 s' })
    t.equal(busy.headers['retry-after'], '1')
    t.equal(full.statusCode, 503, 'the line (one place) is taken')
    t.match(full.json(), { detail: 'the server is busy: its line of queries waiting for a worker (1) is full; retry in 1 s' })
    t.equal(full.headers['retry-after'], '1')
    t.equal(lookup.statusCode, 200, 'a primary-key lookup has a lane of its own')
    t.same(lookup.json().rows.map((r: { id: number }) => r.id), [7])
    t.notOk(secondDone, 'answered while a scan still waited for the shared worker')

    clock.advance(BUDGET_MS)
    t.equal((await first).statusCode, 503)
    const late = await second
    t.equal(late.statusCode, 503)
    t.match(late.json(), { detail: /^the server is busy: the query waited its whole 100 ms budget/ })
  })
})
