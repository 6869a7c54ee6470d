import t, { type Test } from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/**
 * A cursor pins the version it started on; the next version may have another schema (a field
 * added or retyped). The walk goes on in the pinned version's schema, a query that no longer fits it
 * is a 400, a pruned version a 410, and so is one withdrawn because a field left the catalog: never a 500.
 */

/** The next schema: a field added, one retyped (year to string). */
const CHANGED = stationsCatalog()
  .replace('  - { name: note, type: string, title: 备注 }\n', '  - { name: note, type: string, title: 备注 }\n  - { name: extra, type: integer, title: 新增 }\n')
  .replace('{ name: built, type: year', '{ name: built, type: string')

/** The same rows with the new column, its value the row number. */
function changedCsv(rows: number): string {
  const [header, ...lines] = stationsCsv(rows).trimEnd().split('\n')
  return `${[`${header},extra`, ...lines.map((line, i) => `${line},${i + 1}`)].join('\n')}\n`
}

async function twoSchemas(t: Test) {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(30))
  t.equal((await fx.cli('ingest')).code, 0)
  const app = await appFor(t, fx)
  const publishChanged = async () => {
    fx.writeCatalog('stations', CHANGED)
    fx.writeSource('stations.csv', changedCsv(12))
    const ingest = await fx.cli('ingest')
    t.equal(ingest.code, 0, ingest.stderr)
  }
  return { fx, app, publishChanged }
}

t.test('a cursor keeps walking its version in that version\'s schema after a schema change', async (t) => {
  const { app, publishChanged } = await twoSchemas(t)
  const queries = ['_limit=10', '_limit=10&_sort=-built', '_limit=10&note__startswith=备注&built__gte=1990']
  const cursors = []
  for (const query of queries) cursors.push((await app.inject(`/api/v1/datasets/stations/rows?${query}`)).json().next as string)
  await publishChanged()
  t.equal((await app.inject('/api/v1/datasets/stations/rows')).json().version, 2, 'version 2 is current')
  for (const [i, query] of queries.entries()) {
    const res = await app.inject(`/api/v1/datasets/stations/rows?${query}&_cursor=${cursors[i]}`)
    t.equal(res.statusCode, 200, `${query}: ${res.body.slice(0, 200)}`)
    const body = res.json()
    t.equal(body.version, 1, 'still version 1')
    t.equal(body.rows.length, 10)
    t.same(Object.keys(body.rows[0]), ['id', 'station', 'aqi', 'pm25', 'open_now', 'day', 'measured_at', 'built', 'note'], 'in version 1\'s fields')
    t.type(body.rows[0].built, 'number', 'typed as version 1 typed it')
  }
})

t.test('a query that does not fit the cursor\'s version is a 400 that says so', async (t) => {
  const { app, publishChanged } = await twoSchemas(t)
  const next = (await app.inject('/api/v1/datasets/stations/rows?_limit=10')).json().next as string
  await publishChanged()
  for (const query of ['extra__gte=1', '_fields=id,extra', '_sort=extra', 'built__startswith=19']) {
    const res = await app.inject(`/api/v1/datasets/stations/rows?_limit=10&${query}&_cursor=${next}`)
    t.equal(res.statusCode, 400, `${query}: ${res.body.slice(0, 200)}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { detail: /version 1.*_cursor.*start again without _cursor/ })
  }
})

t.test('a cursor whose version was pruned is a 410, whatever its schema was', async (t) => {
  const { fx, app, publishChanged } = await twoSchemas(t)
  const next = (await app.inject('/api/v1/datasets/stations/rows?_limit=10&_sort=note')).json().next as string
  await publishChanged()
  for (const rows of [13, 14]) {
    fx.writeSource('stations.csv', changedCsv(rows))
    t.equal((await fx.cli('ingest')).code, 0)
  }
  const res = await app.inject(`/api/v1/datasets/stations/rows?_limit=10&_sort=note&_cursor=${next}`)
  t.equal(res.statusCode, 410, res.body.slice(0, 200))
  t.match(res.json(), { status: 410, detail: /version 1 of stations is no longer kept; start again without _cursor/ })
})

t.test('a cursor of a version withdrawn because a field left the catalog is a 410 saying why', async (t) => {
  const { fx, app } = await twoSchemas(t)
  const next = (await app.inject('/api/v1/datasets/stations/rows?_limit=10&_sort=note')).json().next as string
  fx.writeCatalog('stations', stationsCatalog().replace('  - { name: note, type: string, title: 备注 }\n', ''))
  fx.writeSource('stations.csv', stationsCsv(12).replace(/,[^,\n]*$/gm, ''))
  const ingest = await fx.cli('ingest')
  t.equal(ingest.code, 0, ingest.stderr)
  const res = await app.inject(`/api/v1/datasets/stations/rows?_limit=10&_sort=note&_cursor=${next}`)
  t.equal(res.statusCode, 410, res.body.slice(0, 200))
  t.match(res.json(), { status: 410, detail: /^_cursor: version 1 of stations was withdrawn.*note.*start again without _cursor/ })
})
