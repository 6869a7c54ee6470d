/**
 * A pathological query is cancelled at its time budget with a 503 problem, while simple queries
 * issued at the same time keep answering, each within the budget.
 */
import t from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

const BUDGET_MS = 300
const ROWS = 500_000
// contains on an unindexed text field, long NOT IN lists, sorted by unindexed fields, 10,000 rows:
// a full scan and a large sort (about 700 ms warm on this machine, so the budget always cuts it)
const NOT_IN = Array.from({ length: 100 }, (_, i) => `x${i}`).join(',')
const NOT_IN_STATIONS = encodeURIComponent(Array.from({ length: 100 }, (_, i) => `站${i}`).join(','))
const PATHOLOGICAL = `/api/v1/datasets/stations/rows?note__contains=${encodeURIComponent('备注')}&note__notin=${NOT_IN}&station__notin=${NOT_IN_STATIONS}&_sort=-note,pm25&_limit=10000`

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
  const simple = await Promise.all(Array.from({ length: 10 }, (_, i) => timed(`/api/v1/datasets/stations/rows?_limit=${i + 3}&id__gt=${i * 1000}`)))
  const { res, ms } = await slow

  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 503, detail: /did not finish within its 300 ms budget/ })
  t.equal(res.headers['retry-after'], '5')
  t.ok(ms < BUDGET_MS + 1500, `cancelled near its budget (${Math.round(ms)} ms)`)
  for (const { res: r, ms: took } of simple) {
    t.equal(r.statusCode, 200)
    t.ok(took < BUDGET_MS, `a simple query answered in ${Math.round(took)} ms, within the budget`)
  }
  // the pool replaced the terminated worker and keeps serving
  t.equal((await app.inject('/api/v1/datasets/stations/rows?_limit=3&aqi__gt=10')).statusCode, 200)
})
