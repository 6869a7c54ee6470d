import { tableFromIPC } from 'apache-arrow'
import { parse } from 'csv-parse/sync'
import t, { type Test } from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

async function stations(t: Test) {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(120).replace(',备注3\n', ',"含,逗号与""引号""\n和换行"\n'))
  t.equal((await fx.cli('ingest')).code, 0)
  return appFor(t, fx)
}

t.test('CSV responses are RFC 4180 with a header and equal the JSON rows', async (t) => {
  const app = await stations(t)
  const json = (await app.inject('/api/v1/datasets/stations/rows?_limit=50&_sort=-aqi')).json()
  for (const request of [{ url: '/api/v1/datasets/stations/rows?_limit=50&_sort=-aqi&_format=csv' }, { url: '/api/v1/datasets/stations/rows?_limit=50&_sort=-aqi', headers: { accept: 'text/csv' } }]) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
    t.match(res.headers.link, /rel="next"/)
    t.equal(res.headers['x-total-count'], '120')
    const records = parse(res.body, { columns: true }) as Array<Record<string, string>>
    t.same(Object.keys(records[0] ?? {}), ['id', 'station', 'aqi', 'pm25', 'open_now', 'day', 'measured_at', 'built', 'note'])
    t.same(records.map((r) => Number(r.id)), json.rows.map((r: { id: number }) => r.id))
    t.same(records.map((r) => r.note), json.rows.map((r: { note: string }) => r.note))
  }
  const quoted = await app.inject('/api/v1/datasets/stations/rows?id=3&_format=csv&_fields=id,note')
  t.equal(quoted.body, 'id,note\r\n3,"含,逗号与""引号""\n和换行"\r\n')
})

t.test('Arrow stream responses parse with apache-arrow and carry real types', async (t) => {
  const app = await stations(t)
  const res = await app.inject({ url: '/api/v1/datasets/stations/rows?_limit=5', headers: { accept: 'application/vnd.apache.arrow.stream' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/vnd.apache.arrow.stream')
  const table = tableFromIPC(res.rawPayload)
  t.same(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`), [
    'id:Int64', 'station:Utf8', 'aqi:Int64', 'pm25:Float64', 'open_now:Bool', 'day:Date32<DAY>', 'measured_at:Timestamp<MILLISECOND>', 'built:Int64', 'note:Utf8',
  ])
  const first = table.get(0)?.toJSON() as Record<string, unknown>
  t.equal(first.id, 1n)
  t.equal(first.pm25, 1.5)
  t.equal(first.open_now, true)
  t.equal(new Date(first.day as number).toISOString(), '2024-01-02T00:00:00.000Z')
  t.equal(table.numRows, 5)
  const viaParam = await app.inject('/api/v1/datasets/stations/rows?_limit=5&_format=arrow')
  t.same(Buffer.from(viaParam.rawPayload), Buffer.from(res.rawPayload))
})

t.test('aggregate groups with filters and sorts', async (t) => {
  const app = await stations(t)
  const res = await app.inject('/api/v1/datasets/stations/aggregate?_group_by=station&_agg=count,max:aqi,avg:pm25&_sort=-count,station&aqi__gte=0')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.groups.length, 7)
  t.equal(body.groups.reduce((n: number, g: { count: number }) => n + g.count, 0), 120)
  t.same(Object.keys(body.groups[0]), ['station', 'count', 'max_aqi', 'avg_pm25'])
  t.equal(body.truncated, false)
  const capped = (await app.inject('/api/v1/datasets/stations/aggregate?_group_by=day&_limit=3')).json()
  t.equal(capped.groups.length, 3)
  t.equal(capped.truncated, true)
  const total = (await app.inject('/api/v1/datasets/stations/aggregate?_agg=count,sum:aqi')).json()
  t.equal(total.groups.length, 1)
  t.equal(total.groups[0].count, 120)
  const bad: Array<[string, string]> = [['_agg=sum:station', '_agg'], ['_group_by=ghost', '_group_by'], ['_sort=nope', '_sort'], ['_limit=0', '_limit']]
  for (const [query, path] of bad) {
    const res = await app.inject(`/api/v1/datasets/stations/aggregate?${query}`)
    t.equal(res.statusCode, 400, query)
    t.equal(res.json().errors[0].path, path)
  }
})

t.test('a cursor used with another query is a 400 naming _cursor', async (t) => {
  const app = await stations(t)
  const first = (await app.inject('/api/v1/datasets/stations/rows?_limit=10&aqi__gt=10')).json()
  const other = await app.inject(`/api/v1/datasets/stations/rows?_limit=10&aqi__gt=20&_cursor=${first.next}`)
  t.equal(other.statusCode, 400)
  t.match(other.json().errors, [{ path: '_cursor', message: /belongs to another query/ }])
  const sameQueryOtherSize = await app.inject(`/api/v1/datasets/stations/rows?_limit=7&aqi__gt=10&_cursor=${first.next}`)
  t.equal(sameQueryOtherSize.statusCode, 200, 'the page size may change along the way')
})

t.test('_search matches Chinese substrings of any length', async (t) => {
  const app = await stations(t)
  const count = async (q: string) => (await app.inject(`/api/v1/datasets/stations/rows?_search=${encodeURIComponent(q)}&_count=exact&_limit=1`)).json().total
  t.equal(await count('站点3'), (await app.inject('/api/v1/datasets/stations/rows?station=%E7%AB%99%E7%82%B93&_count=exact&_limit=1')).json().total)
  t.equal(await count('站'), 120)
  t.equal(await count('不存在'), 0)
})
