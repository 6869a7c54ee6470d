import zlib from 'node:zlib'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { BULK_FORMATS } from '../../src/materialise/formats.ts'
import { makeFixture, type Fixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'
import { PHONE_AS_IS, PHONE_DROPPED, penaltiesCatalog, penaltiesCsv, phonesIn } from '../helpers/tightened.ts'

const BASE = '/api/v1/datasets/penalties'
const ROWS = 30

/** The body as text; a gzip download unpacked, so that a raw value inside it cannot hide. */
function textOf(res: { rawPayload: Buffer; headers: Record<string, unknown> }): string {
  const body = res.rawPayload
  return (body[0] === 0x1f && body[1] === 0x8b ? zlib.gunzipSync(body) : body).toString('latin1')
}

interface Loose {
  fx: Fixture
  app: FastifyInstance
  /** next cursors issued while version 1, then version 2, was current */
  cursors: [string, string]
}

/**
 * A running server (the app, with its own store) while the CLI publishes two versions with the phone
 * numbers as they are, then tightens the rule: the server sees each change as a separate process would.
 */
async function looseThenTightened(t: Test, tightened: string): Promise<Loose> {
  const fx = makeFixture(t)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_AS_IS))
  fx.writeSource('penalties.csv', penaltiesCsv(20))
  t.equal((await fx.cli('ingest')).code, 0)
  // a budget no worker start-up on a loaded machine reaches: these tests are not about time budgets
  const app = await appFor(t, fx, { budgetMs: 120_000 })
  const cursorNow = async (): Promise<string> => {
    const res = await app.inject(`${BASE}/rows?_limit=5`)
    t.equal(res.statusCode, 200, res.body)
    return res.json().next as string
  }
  const first = await cursorNow()
  fx.writeSource('penalties.csv', penaltiesCsv(ROWS))
  t.equal((await fx.cli('ingest')).code, 0)
  const second = await cursorNow()
  const before = await app.inject(`${BASE}/aggregate?_group_by=phone&_agg=count`)
  t.equal(phonesIn(before.body, ROWS).length, ROWS, 'before: the aggregate groups by the raw numbers')
  fx.writeCatalog('penalties', tightened)
  await fx.cli('ingest')
  return { fx, app, cursors: [first, second] }
}

const WHY = /fields\[2\] \(phone\) is now dropped \(was rule keep\); its rows were published under a looser rule/

t.test('the current version withdrawn and not yet rebuilt: every data route is 410 saying why, the metadata lists no files', async (t) => {
  const { app, cursors } = await looseThenTightened(t, penaltiesCatalog(PHONE_DROPPED, { path: 'not-there.csv' }))
  const current = new RegExp(`^version 2 of penalties was withdrawn on \\d{4}-\\d{2}-\\d{2}: ${WHY.source}; no version is served until the dataset is ingested again$`)
  const gone: Array<[string, RegExp]> = [
    [`${BASE}/rows`, current],
    [`${BASE}/rows?_format=csv`, current],
    [`${BASE}/rows?_limit=5&_cursor=${encodeURIComponent(cursors[0])}`, current],
    [`${BASE}/aggregate?_group_by=phone&_agg=count`, current],
    ...BULK_FORMATS.map((f): [string, RegExp] => [`${BASE}/download.${f}`, current]),
    ...BULK_FORMATS.map((f): [string, RegExp] => [`${BASE}/versions/2/download.${f}`, /^version 2 of penalties was withdrawn on [\d-]+: fields\[2\] \(phone\)/]),
    ...BULK_FORMATS.map((f): [string, RegExp] => [`${BASE}/versions/1/download.${f}`, /^version 1 of penalties was withdrawn on [\d-]+: fields\[2\] \(phone\)/]),
  ]
  let served = ''
  for (const [url, detail] of gone) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 410, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, url)
    const body = res.json()
    t.match(body.detail, detail, url)
    t.match(body, { withdrawn_by: 'catalog', reasons: ['fields[2] (phone) is now dropped (was rule keep)'] }, url)
    served += res.body
  }
  const datapackage = await app.inject(`${BASE}/datapackage.json`)
  t.equal(datapackage.statusCode, 404, 'no Data Package without a served version')
  const detail = await app.inject(BASE)
  t.equal(detail.statusCode, 200)
  t.match(detail.json(), { version: null, row_count: null, distributions: [], versions: [] })
  t.same(detail.json().withdrawn.map((w: { version: number; withdrawn_by: string }) => [w.version, w.withdrawn_by]), [[2, 'catalog'], [1, 'catalog']])
  const catalogs = [await app.inject('/api/v1/catalog.jsonld'), await app.inject('/data.json')]
  for (const res of catalogs) t.notMatch(res.body, /penalties\/(versions\/\d+\/)?download/, 'the catalog documents list no file of penalties')
  served += [datapackage, detail, ...catalogs].map((r) => r.body).join('\n')
  t.same(phonesIn(served, ROWS), [], 'no raw number in any response')
})

t.test('old versions withdrawn, the stricter one published: it is served, cursors into the old ones are 410', async (t) => {
  const { app, cursors } = await looseThenTightened(t, penaltiesCatalog(PHONE_DROPPED))
  let served = ''
  for (const [i, cursor] of cursors.entries()) {
    const res = await app.inject(`${BASE}/rows?_limit=5&_cursor=${encodeURIComponent(cursor)}`)
    t.equal(res.statusCode, 410)
    t.match(res.json().detail, new RegExp(`^_cursor: version ${i + 1} of penalties was withdrawn on [\\d-]+: ${WHY.source}; start again without _cursor$`))
    served += res.body
  }
  for (const format of BULK_FORMATS) {
    const old = await app.inject(`${BASE}/versions/2/download.${format}`)
    t.equal(old.statusCode, 410, format)
    const now = await app.inject(`${BASE}/download.${format}`)
    t.equal(now.statusCode, 200, format)
    t.equal(now.headers['content-disposition']?.toString().includes('penalties-v3'), true)
    served += old.body + textOf(now)
  }
  const rows = await app.inject(`${BASE}/rows?_limit=100`)
  t.equal(rows.json().rows.length, ROWS)
  t.same(Object.keys(rows.json().rows[0]), ['id', 'party', 'amount'])
  const aggregate = await app.inject(`${BASE}/aggregate?_group_by=phone&_agg=count`)
  t.equal(aggregate.statusCode, 400, 'phone is no field of the served version')
  const detail = await app.inject(BASE)
  t.match(detail.json(), { version: 3, versions: [{ version: 3 }] })
  t.same(detail.json().distributions.map((d: { version?: number; downloadURL?: string }) => /versions\/(\d+)/.exec(JSON.stringify(d))?.[1]), BULK_FORMATS.map(() => '3'))
  t.same(detail.json().withdrawn.map((w: { version: number }) => w.version), [2, 1])
  const datapackage = await app.inject(`${BASE}/datapackage.json`)
  t.match(datapackage.json(), { version: '3' })
  served += [rows, aggregate, detail, datapackage].map((r) => r.body).join('\n')
  t.same(phonesIn(served, ROWS), [], 'no raw number in any response')
})
