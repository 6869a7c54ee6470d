import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

t.test('a bad value with on_error: fail stops the ingest with file, row, field and reason, and the previous version stays served', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(50))
  const first = await fx.cli('ingest')
  t.equal(first.code, 0, first.stderr)
  t.match(first.stdout, /stations: published version 1: 50 of 50 rows/)

  fx.writeSource('stations.csv', stationsCsv(60, 17))
  const second = await fx.cli('ingest')
  t.equal(second.code, 1)
  t.match(second.stderr, /stations: FAILED: .*datasets\/stations\.csv: row 17 \(line 18\), field "aqi": expected an integer, got "abc"/)

  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const dataset = await store.getDataset('stations')
  t.equal(dataset?.current?.version, 1)
  t.equal(dataset?.current?.rowCount, 50)
  const page = await store.readRows('stations', 1, { limit: 1000 })
  t.equal(page.rows.length, 50)
  t.same(fs.readdirSync(path.join(fx.config.dataDir, 'versions', 'stations')), ['1'], 'the failed version left nothing behind')
  const [report] = await store.listReports('stations', 1)
  t.equal(report?.status, 'failed')
})

t.test('with on_error: skip the other rows are published and the report counts the rejected one', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' }))
  fx.writeSource('stations.csv', stationsCsv(40, 9))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /published version 1: 39 of 40 rows, 1 rejected/)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('stations', 1)
  const body = report?.report as { rows: { read: number; published: number; rejected: number }; rejections: unknown[] }
  t.same(body.rows, { read: 40, published: 39, rejected: 1, suppressed: 0 })
  t.same(body.rejections, [{ row: 9, line: 10, field: 'aqi', reason: 'expected an integer, got "abc"' }])
})

t.test('header problems name the missing and unexpected columns', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(3).replace('id,station,aqi', 'id,site,aqi'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /datasets\/stations\.csv: header: missing column "station"; unexpected column "site" \(not in the catalog's fields\)/)
})

t.test('a row with the wrong number of columns and a duplicate primary key are rejected with their rows', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' }))
  const csv = stationsCsv(5).split('\n')
  csv[3] = 'x,only,three'
  csv[4] = csv[1] as string
  fx.writeSource('stations.csv', csv.join('\n'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('stations', 1)
  t.same((report?.report as { rejections: unknown[] }).rejections, [
    { row: 3, line: 4, reason: 'expected 9 columns, found 3' },
    { row: 4, line: 5, field: 'id', reason: 'duplicate value; id must be unique' },
  ])
})

t.test('unchanged datasets are not ingested again; changes make a new version; the last 3 are kept', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  for (let n = 1; n <= 5; n++) {
    fx.writeSource('stations.csv', stationsCsv(10 + n))
    t.equal((await fx.cli('ingest')).code, 0)
  }
  const again = await fx.cli('ingest')
  t.match(again.stdout, /stations: unchanged \(version 5\)/)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const dataset = await store.getDataset('stations')
  t.same(dataset?.versions.map((v) => v.version), [5, 4, 3])
  t.same(fs.readdirSync(path.join(fx.config.dataDir, 'versions', 'stations')).sort(), ['3', '4', '5'])
  t.equal((await store.readRows('stations', 3, { limit: 100 })).rows.length, 13, 'old versions stay readable')
})

t.test('a broken catalog file is reported and its dataset keeps being served', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(8))
  t.equal((await fx.cli('ingest')).code, 0)
  fx.writeCatalog('stations', stationsCatalog().replace('grade: 1', 'grade: 3'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /stations\.yaml: open: "unconditional" is looser than grade 3 allows/)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const dataset = await store.getDataset('stations')
  t.equal(dataset?.current?.rowCount, 8)
  t.equal(dataset?.entry.grade, 1)
})

t.test('validate reports every problem of every file and exits 1', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog().replace('theme: 生态环境', 'theme: 太空'))
  fx.writeCatalog('other', 'id: other\ntitle: [\n')
  const run = await fx.cli('validate')
  t.equal(run.code, 1)
  t.match(run.stderr, /stations\.yaml: theme: unknown theme "太空"/)
  t.match(run.stderr, /other\.yaml: line \d+, column \d+: YAML syntax error/)
  fx.writeCatalog('other', stationsCatalog().replace('id: stations', 'id: other'))
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(2))
  const ok = await fx.cli('validate')
  t.equal(ok.code, 0)
  t.match(ok.stdout, /catalog OK: 2 dataset\(s\), 3 themes/)
})

t.test('duplicates inside a multi-row insert are found row by row', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' }))
  const csv = stationsCsv(300).split('\n')
  csv[150] = (csv[20] as string).replace(/^20,/, '20,')
  csv[151] = (csv[21] as string)
  fx.writeSource('stations.csv', csv.join('\n'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /published version 1: 298 of 300 rows, 2 rejected/)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('stations', 1)
  t.same((report?.report as { rejections: unknown[] }).rejections, [
    { row: 150, line: 151, field: 'id', reason: 'duplicate value; id must be unique' },
    { row: 151, line: 152, field: 'id', reason: 'duplicate value; id must be unique' },
  ])
  t.equal((await store.readRows('stations', 1, { limit: 1000 })).rows.length, 298)
})

t.test('failed ingests do not use up version numbers: the next success publishes the next number', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(10))
  t.match((await fx.cli('ingest')).stdout, /published version 1:/)
  for (const badRow of [3, 4]) {
    fx.writeSource('stations.csv', stationsCsv(12, badRow))
    t.equal((await fx.cli('ingest')).code, 1, `row ${badRow} fails the ingest after the version was begun`)
  }
  fx.writeSource('stations.csv', stationsCsv(12))
  const next = await fx.cli('ingest')
  t.match(next.stdout, /stations: published version 2: 12 of 12 rows/)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  t.same((await store.getDataset('stations'))?.versions.map((v) => v.version), [2, 1])
  t.equal((await store.readRows('stations', 1, { limit: 100 })).rows.length, 10, 'version 1 is still served as it was')
})
