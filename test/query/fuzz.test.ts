/**
 * ≥ 2,000 random query strings (random names, operators, unicode, SQL metacharacters, huge numbers,
 * repeated parameters) never give a 5xx, and every 400 is problem+json naming a parameter it was given.
 */
import fc from 'fast-check'
import t from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

const NAMES = ['id', 'station', 'aqi', 'pm25', 'open_now', 'day', 'measured_at', 'built', 'note', 'ghost', '_sort', '_limit', '_fields', '_cursor', '_search', '_count', '_format', '_x', 'id;drop', '"station"', '站点', '', 'rowid', '_row']
const OPS = ['', '__eq', '__ne', '__gt', '__gte', '__lt', '__lte', '__in', '__notin', '__contains', '__startswith', '__isnull', '__like', '__', '__gt__lt', '__GT']
const VALUES = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom("1' OR '1'='1", '1; DROP TABLE rows; --', '%', '_', '"', '\\', 'NULL', 'null', 'true', 'false', '是', '1e309', '-0', '9'.repeat(40), '2024-02-30', '2024-01-01T25:00', ',', ',,', 'id,-aqi', '-id,-id', 'WzEsIngiLFsxXV0', '𠮷'.repeat(300)),
  fc.integer().map(String),
  fc.double().map(String),
)
const PARAM = fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...OPS), VALUES).map(([name, op, value]) => [name.startsWith('_') ? name : `${name}${op}`, value] as const)

t.test('random query strings never give a 5xx; every 400 names a parameter', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(300))
  t.equal((await fx.cli('ingest')).code, 0)
  const app = await appFor(t, fx)
  const statuses = new Map<number, number>()
  await fc.assert(fc.asyncProperty(fc.array(PARAM, { maxLength: 5 }), fc.constantFrom('rows', 'aggregate'), async (params, route) => {
    const search = new URLSearchParams(params.map(([n, v]) => [n, v]))
    const res = await app.inject(`/api/v1/datasets/stations/${route}?${search}`)
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    if (res.statusCode >= 500) throw new Error(`${search}: ${res.statusCode} ${res.body}`)
    if (res.statusCode === 400) {
      if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`${search}: 400 without problem+json`)
      const body = res.json()
      const given = new Set([...search.keys()])
      if (!body.errors?.length || !body.errors.every((e: { path: string }) => given.has(e.path))) throw new Error(`${search}: errors ${JSON.stringify(body.errors)} do not name given parameters`)
    }
  }), { numRuns: 2500, seed: 20241128 })
  t.ok((statuses.get(200) ?? 0) > 100, `some queries succeed: ${JSON.stringify([...statuses])}`)
  t.ok((statuses.get(400) ?? 0) > 1000, 'most are rejected')
})
