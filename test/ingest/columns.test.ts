import t from 'tap'
import { MAX_FIELDS } from '../../src/catalog/schema.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/** A dataset of `fields` integer fields c0…, the first the primary key and the second indexed. */
function wideCatalog(fields: number): string {
  const lines = Array.from({ length: fields }, (_, i) => `  - { name: c${i}, type: integer, title: 列${i}${i === 1 ? ', index: true' : ''} }`)
  return `id: wide
title: 宽表
provider: { name: 统计局 }
theme: 生态环境
grade: 1
open: unconditional
source: { path: wide.csv }
primary_key: c0
fields:
${lines.join('\n')}
`
}

function wideCsv(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',')
  const body = Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => String(r * 1000 + c)).join(','))
  return `${header}\n${body.join('\n')}\n`
}

t.test(`a dataset of ${MAX_FIELDS} fields is ingested, queried and downloaded`, async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('wide', wideCatalog(MAX_FIELDS))
  fx.writeSource('wide.csv', wideCsv(MAX_FIELDS, 150))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /wide: published version 1: 150 of 150 rows/)

  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const page = await store.readRows('wide', 1, { limit: 2 })
  t.equal(Object.keys(page.rows[0] ?? {}).length, MAX_FIELDS)
  t.equal(page.rows[1]?.[`c${MAX_FIELDS - 1}`], 1000 + MAX_FIELDS - 1)
  // the bulk files are served without the query workers, whose start on a loaded machine is no part of this test
  const app = await appFor(t, fx)
  const csv = await app.inject('/api/v1/datasets/wide/download.csv')
  t.equal(csv.statusCode, 200)
  t.equal(csv.body.trim().split('\n').length, 151)
  t.equal(csv.body.split('\n')[0]?.split(',').length, MAX_FIELDS)
  t.equal((await app.inject('/api/v1/datasets/wide/download.arrow')).statusCode, 200)
})

t.test('more fields than that is a validation problem of the catalog file', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('wide', wideCatalog(MAX_FIELDS + 1))
  fx.writeSource('wide.csv', wideCsv(MAX_FIELDS + 1, 1))
  const run = await fx.cli('validate')
  t.equal(run.code, 1)
  t.match(run.stderr, new RegExp(`catalog/wide\\.yaml: fields: at most ${MAX_FIELDS} fields are supported, found ${MAX_FIELDS + 1}`))
})

t.test('a header of too many columns is refused before its names are compared; long lists of names are cut', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(5))
  t.equal((await fx.cli('ingest')).code, 0)

  fx.writeSource('stations.csv', wideCsv(MAX_FIELDS + 5, 2))
  const wide = await fx.cli('ingest')
  t.equal(wide.code, 1)
  t.match(wide.stderr, new RegExp(`stations\\.csv: header: ${MAX_FIELDS + 5} columns; at most ${MAX_FIELDS} are supported`))

  fx.writeSource('stations.csv', `${stationsCsv(2).split('\n')[0]},${wideCsv(30, 0).trim()}\n`)
  const extra = await fx.cli('ingest')
  t.equal(extra.code, 1)
  t.match(extra.stderr, /header: unexpected columns "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9" and 20 more \(not in the catalog's fields\)$/)

  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  t.equal((await store.getDataset('stations'))?.current?.version, 1, 'the published version stays served')
})
