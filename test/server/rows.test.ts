import t, { type Test } from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

async function stations(t: Test, rows = 250) {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(rows))
  t.equal((await fx.cli('ingest')).code, 0)
  return { fx, app: await appFor(t, fx) }
}

t.test('rows come in primary-key order, 100 by default, typed', async (t) => {
  const { app } = await stations(t)
  const res = await app.inject('/api/v1/datasets/stations/rows')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.rows.length, 100)
  t.same(body.rows[0], { id: 1, station: '站点1', aqi: 37, pm25: 1.5, open_now: true, day: '2024-01-02', measured_at: '2024-01-01T08:00:00', built: 1991, note: '备注1' })
  t.same(body.rows.map((r: { id: number }) => r.id), Array.from({ length: 100 }, (_, i) => i + 1))
  t.type(body.next, 'string')
  t.match(res.headers.link, /^<\/api\/v1\/datasets\/stations\/rows\?_cursor=[^>]+>; rel="next"$/)
})

t.test('walking the cursor returns every row exactly once', async (t) => {
  const { app } = await stations(t, 1003)
  const seen: number[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const query: string = cursor ? `?_limit=97&_cursor=${cursor}` : '?_limit=97'
    const body = (await app.inject(`/api/v1/datasets/stations/rows${query}`)).json()
    seen.push(...body.rows.map((r: { id: number }) => r.id))
    cursor = body.next
    pages++
  } while (cursor)
  t.equal(pages, 11)
  t.same(seen, Array.from({ length: 1003 }, (_, i) => i + 1))
})

t.test('a cursor keeps paging its version while a new one is published', async (t) => {
  const { fx, app } = await stations(t, 30)
  const first = (await app.inject('/api/v1/datasets/stations/rows?_limit=20')).json()
  fx.writeSource('stations.csv', stationsCsv(5))
  t.equal((await fx.cli('ingest')).code, 0)
  const second = (await app.inject(`/api/v1/datasets/stations/rows?_limit=20&_cursor=${first.next}`)).json()
  t.equal(second.version, 1)
  t.same(second.rows.map((r: { id: number }) => r.id), Array.from({ length: 10 }, (_, i) => i + 21))
  t.equal(second.next, null)
  t.equal((await app.inject('/api/v1/datasets/stations/rows')).json().rows.length, 5, 'new readers see the new version')
})

t.test('bad row parameters are 400 problems naming the parameter', async (t) => {
  const { app } = await stations(t, 3)
  const cases: Array<[string, string]> = [['_limit=0', '_limit'], ['_limit=10001', '_limit'], ['_limit=abc', '_limit'], ['_cursor=garbage', '_cursor'], ['_cursor=WzEsMiwzXQ', '_cursor'], ['_nope=1', '_nope']]
  for (const [query, path] of cases) {
    const res = await app.inject(`/api/v1/datasets/stations/rows?${query}`)
    t.equal(res.statusCode, 400, query)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.ok(res.json().errors?.some((e: { path: string }) => e.path === path), `${query}: ${res.body}`)
  }
  t.equal((await app.inject('/api/v1/datasets/stations/rows?_limit=10000')).statusCode, 200)
})

t.test('closed and key-only datasets do not serve rows anonymously', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog().replace('grade: 1', 'grade: 2'))
  fx.writeSource('stations.csv', stationsCsv(3))
  t.equal((await fx.cli('ingest')).code, 0)
  const app = await appFor(t, fx)
  const res = await app.inject('/api/v1/datasets/stations/rows')
  t.equal(res.statusCode, 401)
  t.match(res.json(), { status: 401, detail: /needs an API key/ })
})
