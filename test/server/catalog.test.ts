import t, { type Test } from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

const CLOSED = `id: case-records
title: 治安案件记录
description: 公安机关治安案件登记信息,不予开放
provider: { name: 北京市公安局 }
theme: 交通运输
keywords: [治安, 案件]
grade: 4
open: closed
fields:
  - { name: case_id, type: string, title: 案件编号 }
  - { name: person, type: string, title: 当事人, pii: name, rule: drop }
`

const PENALTIES = `id: penalties
title: 行政处罚决定信息
title_en: Administrative penalty decisions
provider: { name: 北京市市场监督管理局 }
theme: 信用服务
keywords: [行政处罚, 信用]
grade: 2
open: unconditional
source: { path: penalties.csv }
primary_key: record_id
fields:
  - { name: record_id, type: integer, title: 记录编号 }
  - { name: amount, type: number, title: 罚款金额, unit: 元 }
`

async function platform(t: Test) {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(250))
  fx.writeCatalog('case-records', CLOSED)
  fx.writeCatalog('penalties', PENALTIES)
  fx.writeSource('penalties.csv', 'record_id,amount\n1,200\n2,5000.5\n')
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  return appFor(t, fx)
}

t.test('GET /api/v1/datasets lists every dataset with facets, closed ones included', async (t) => {
  const app = await platform(t)
  const res = await app.inject('/api/v1/datasets')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.total, 3)
  t.same(body.items.map((i: { id: string }) => i.id), ['case-records', 'penalties', 'stations'])
  const stations = body.items.find((i: { id: string }) => i.id === 'stations')
  t.match(stations, { title: '空气质量监测站点日报', theme: '生态环境', grade: 1, open: 'unconditional', provider: '北京市生态环境局', row_count: 250, version: 1 })
  t.match(stations.updated_at, /^\d{4}-\d{2}-\d{2}T/)
  t.same(body.facets.grade, [{ value: 1, count: 1 }, { value: 2, count: 1 }, { value: 4, count: 1 }])
  t.same(body.facets.open.find((f: { value: string }) => f.value === 'closed'), { value: 'closed', count: 1 })
  const closed = body.items.find((i: { id: string }) => i.id === 'case-records')
  t.equal(closed.row_count, null)
})

t.test('q matches Chinese substrings of two and of three or more characters', async (t) => {
  const app = await platform(t)
  const ids = async (query: string) => (await app.inject(`/api/v1/datasets?${query}`)).json().items.map((i: { id: string }) => i.id)
  t.same(await ids(`q=${encodeURIComponent('处罚')}`), ['penalties'], 'two characters')
  t.same(await ids(`q=${encodeURIComponent('处罚决定')}`), ['penalties'], 'four characters')
  t.same(await ids(`q=${encodeURIComponent('空气质量指数')}`), ['stations'], 'matches a field title')
  t.same(await ids(`q=${encodeURIComponent('治安 案件')}`), ['case-records'], 'several terms all match')
  t.same(await ids('q=penalty'), ['penalties'], 'English title')
  t.same(await ids(`q=${encodeURIComponent('不存在的词')}`), [])
  t.same(await ids(`q=${encodeURIComponent('50%_')}`), [], 'LIKE wildcards are literal')
})

t.test('filters, paging and sort', async (t) => {
  const app = await platform(t)
  const get = async (query: string) => (await app.inject(`/api/v1/datasets?${query}`)).json()
  t.same((await get('grade=2')).items.map((i: { id: string }) => i.id), ['penalties'])
  t.same((await get('open=closed')).items.map((i: { id: string }) => i.id), ['case-records'])
  t.same((await get(`theme=${encodeURIComponent('生态环境')}`)).items.map((i: { id: string }) => i.id), ['stations'])
  t.same((await get(`provider=${encodeURIComponent('北京市公安局')}`)).items.map((i: { id: string }) => i.id), ['case-records'])
  t.same((await get(`keyword=${encodeURIComponent('信用')}`)).items.map((i: { id: string }) => i.id), ['penalties'])
  t.equal((await get('updated_since=2000-01-01')).total, 3)
  t.equal((await get('updated_since=2999-01-01')).total, 0)
  const page2 = await get('per_page=2&page=2')
  t.equal(page2.total, 3)
  t.same(page2.items.map((i: { id: string }) => i.id), ['stations'])
  t.same((await get('sort=-row_count')).items[0].id, 'stations')
})

t.test('bad list parameters are 400 problems naming the parameter', async (t) => {
  const app = await platform(t)
  const cases: Array<[string, string]> = [['grade=9', 'grade'], ['per_page=1000', 'per_page'], ['bogus=1', 'bogus'], ['open=sometimes', 'open'], ['sort=size', 'sort']]
  for (const [query, path] of cases) {
    const res = await app.inject(`/api/v1/datasets?${query}`)
    t.equal(res.statusCode, 400, query)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    const body = res.json()
    t.equal(body.status, 400)
    t.ok(body.errors.some((e: { path: string }) => e.path === path), `${query} names ${path}: ${JSON.stringify(body.errors)}`)
  }
})

t.test('GET /api/v1/datasets/{id} gives all metadata and the field schema', async (t) => {
  const app = await platform(t)
  const res = await app.inject('/api/v1/datasets/stations')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body, { id: 'stations', grade: 1, grade_meaning: 'no harm if disclosed', open: 'unconditional', version: 1, row_count: 250, primary_key: 'id', links: { rows: '/api/v1/datasets/stations/rows' } })
  t.same(body.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`),
    ['id:integer', 'station:string', 'aqi:integer', 'pm25:number', 'open_now:boolean', 'day:date', 'measured_at:datetime', 'built:year', 'note:string'])
  t.match(body.fields[2], { title: '空气质量指数', rule: 'keep', constraints: { minimum: 0, maximum: 500 } })
  t.same(body.versions.map((v: { version: number }) => v.version), [1])

  const closed = (await app.inject('/api/v1/datasets/case-records')).json()
  t.same(closed.fields.map((f: { name: string }) => f.name), ['case_id'], 'a dropped field is not part of the schema')
  t.equal(closed.version, null)
})

t.test('unknown datasets and routes are 404 problems', async (t) => {
  const app = await platform(t)
  for (const url of ['/api/v1/datasets/nope', '/api/v1/datasets/nope/rows', '/api/v1/nothing']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status: 404, title: 'Not Found', type: /^https:/, detail: /nope|nothing/ })
  }
})

t.test('health, readiness and the OpenAPI document', async (t) => {
  const app = await platform(t)
  t.same((await app.inject('/healthz')).json(), { status: 'ok' })
  t.same((await app.inject('/readyz')).json(), { status: 'ready' })
  const doc = (await app.inject('/openapi.json')).json()
  t.equal(doc.openapi, '3.1.0')
  t.ok(doc.paths['/api/v1/datasets/{id}/rows'].get, 'rows route documented')
  t.ok(doc.paths['/api/v1/datasets'].get.parameters.some((p: { name: string }) => p.name === 'q'))
  const ui = await app.inject('/docs/')
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /text\/html/)
})

t.test('update_frequency filters the list and is a facet; datasets stating none are not counted', async (t) => {
  const fx = makeFixture(t)
  const withFrequency = (yaml: string, id: string, frequency: string) =>
    yaml.replace(/^id: .*$/m, `id: ${id}`).replace(/^grade:/m, `update_frequency: ${frequency}\ngrade:`)
  fx.writeCatalog('case-records', CLOSED)
  fx.writeCatalog('monthly-a', withFrequency(CLOSED, 'monthly-a', 'monthly'))
  fx.writeCatalog('monthly-b', withFrequency(CLOSED, 'monthly-b', 'monthly'))
  fx.writeCatalog('daily', withFrequency(CLOSED, 'daily', 'daily'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  const app = await appFor(t, fx)
  const all = (await app.inject('/api/v1/datasets')).json()
  t.same(all.facets.update_frequency, [{ value: 'monthly', count: 2 }, { value: 'daily', count: 1 }])
  const monthly = (await app.inject('/api/v1/datasets?update_frequency=monthly')).json()
  t.same(monthly.items.map((i: { id: string }) => i.id), ['monthly-a', 'monthly-b'])
  t.same(monthly.facets.update_frequency, [{ value: 'monthly', count: 2 }])
  t.same(monthly.facets.grade, [{ value: 4, count: 2 }], 'the other facets count the filtered datasets')
  const bad = await app.inject('/api/v1/datasets?update_frequency=hourly')
  t.equal(bad.statusCode, 400)
  t.ok(bad.json().errors.some((e: { path: string }) => e.path === 'update_frequency'))
})
