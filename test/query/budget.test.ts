/**
 * A pathological query is cancelled at its time budget with a 503 problem, while simple queries
 * issued at the same time keep answering, each within the budget.
 */
import t from 'tap'
import { MAX_LIST_VALUES } from '../../src/query/operators.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

// simple queries answer in under 10 ms here even with the whole suite running beside them; the
// pathological one takes 380–420 ms unhindered, so this budget cuts it with a wide margin both ways
const BUDGET_MS = 100
const ROWS = 500_000
// contains on an unindexed text field, long NOT IN lists, sorted by unindexed fields, 10,000 rows:
// a full scan of 500k rows and a large sort
const list = (value: (i: number) => string) => encodeURIComponent(Array.from({ length: MAX_LIST_VALUES }, (_, i) => value(i)).join(','))
const NOT_IN = list((i) => `x${i}`)
const NOT_IN_STATIONS = list((i) => `站${i}`)
const NOT_IN_DAYS = list((i) => `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`)
const PATHOLOGICAL = `/api/v1/datasets/stations/rows?note__contains=${encodeURIComponent('备注')}&note__notin=${NOT_IN}&station__notin=${NOT_IN_STATIONS}&day__notin=${NOT_IN_DAYS}&_sort=-note,pm25&_limit=10000`

t.test('a query past its budget is a 503 and does not stall simple queries', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(ROWS))
  t.equal((await fx.cli('ingest')).code, 0)
  const app = await appFor(t, fx, { workers: 2, budgetMs: BUDGET_MS })
  await app.store.warmUp()
  // boot both workers and open the version in each (a worker's first query pays for its start)
  await Promise.all([app.inject('/api/v1/datasets/stations/rows?_limit=1'), app.inject('/api/v1/datasets/stations/rows?_limit=2')])

  const timed = async (url: string) => {
    const started = performance.now()
    const res = await app.inject(url)
    return { res, ms: performance.now() - started }
  }
  const slow = timed(PATHOLOGICAL)
  const simple = await Promise.all(Array.from({ length: 6 }, (_, i) => timed(`/api/v1/datasets/stations/rows?_limit=${i + 3}&id__gt=${i * 1000}`)))
  const { res, ms } = await slow

  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 503, detail: `the query did not finish within its ${BUDGET_MS} ms budget` })
  t.equal(res.headers['retry-after'], '5')
  t.ok(ms < BUDGET_MS + 1500, `cancelled near its budget (${Math.round(ms)} ms)`)
  for (const { res: r, ms: took } of simple) {
    t.equal(r.statusCode, 200)
    t.ok(took < BUDGET_MS, `a simple query answered in ${Math.round(took)} ms, within the budget`)
  }
  // the pool replaced the terminated worker and keeps serving
  t.equal((await app.inject('/api/v1/datasets/stations/rows?_limit=3&aqi__gt=10')).statusCode, 200)
})
