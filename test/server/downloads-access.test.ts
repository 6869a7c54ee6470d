import t from 'tap'
import { BULK_FORMATS } from '../../src/materialise/formats.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/**
 * SPEC §3 on every download route, old versions included: the same policy as the rows (denyRead).
 * Metadata stays public: the dataset detail and the Data Package of a key-only dataset answer
 * anonymously, and list the distributions whose downloads then ask for a key.
 */
const CLOSED = `id: closed-records
title: 治安案件记录
provider: { name: 北京市公安局 }
theme: 交通运输
grade: 4
open: closed
fields:
  - { name: case_id, type: string, title: 案件编号 }
`

function routesOf(id: string): string[] {
  return BULK_FORMATS.flatMap((format) => [`/api/v1/datasets/${id}/download.${format}`, `/api/v1/datasets/${id}/versions/1/download.${format}`])
}

t.test('anonymous callers: 401 on grade 2 and conditional data, 403 on closed data, on every download route', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('keyed', stationsCatalog().replace('id: stations', 'id: keyed').replace('grade: 1', 'grade: 2'))
  fx.writeCatalog('granted', stationsCatalog().replace('id: stations', 'id: granted').replace('grade: 1', 'grade: 3').replace('open: unconditional', 'open: conditional'))
  fx.writeCatalog('closed-records', CLOSED)
  fx.writeSource('stations.csv', stationsCsv(3))
  t.equal((await fx.cli('ingest')).code, 0)
  const cases: Array<[string, number, RegExp]> = [
    ['keyed', 401, /needs an API key/],
    ['granted', 401, /conditionally open/],
    ['closed-records', 403, /closed/],
  ]
  for (const [id, status, detail] of cases) {
    // an app per dataset: refused downloads count against the anonymous hourly download limit too
    const app = await appFor(t, fx)
    for (const url of routesOf(id)) {
      for (const query of url.endsWith('.csv') ? ['', '?bom=1'] : ['']) {
        const res = await app.inject(`${url}${query}`)
        t.equal(res.statusCode, status, `${url}${query}`)
        t.match(res.headers['content-type'], /^application\/problem\+json/)
        t.match(res.json(), { status, detail })
        t.equal(res.headers.etag, undefined, 'nothing about the file leaks')
      }
    }
  }
  const app = await appFor(t, fx)
  const detail = (await app.inject('/api/v1/datasets/keyed')).json()
  t.equal(detail.distributions.length, 3, 'metadata lists the files of key-only data')
  t.same((await app.inject('/api/v1/datasets/closed-records')).json().distributions, [], 'closed data has none')
})

t.test('a dataset that becomes closed stops serving its files at once', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(3))
  t.equal((await fx.cli('ingest')).code, 0)
  const app = await appFor(t, fx)
  t.equal((await app.inject('/api/v1/datasets/stations/download.csv')).statusCode, 200)
  fx.writeCatalog('stations', stationsCatalog().replace('grade: 1', 'grade: 4').replace('open: unconditional', 'open: closed'))
  t.equal((await fx.cli('ingest')).code, 0)
  for (const url of routesOf('stations')) t.equal((await app.inject(url)).statusCode, 403, url)
})
