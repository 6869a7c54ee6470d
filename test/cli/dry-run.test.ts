/** `gongkai ingest --dry-run`: every check a real ingest makes, and nothing served or recorded changes. */
import fs from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'

const SUFFIX = ' (dry run: nothing published)'

async function storeState(t: Test, fx: Fixture) {
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const dataset = await store.getDataset('stations')
  const trials = path.join(fx.config.dataDir, 'trials')
  return {
    title: dataset?.entry.title,
    version: dataset?.current?.version,
    rows: dataset?.current?.rowCount,
    reports: (await store.listReports(undefined, 100)).length,
    trialFiles: fs.existsSync(trials) ? fs.readdirSync(trials).length : 0,
  }
}

t.test('a dry run checks and prints what an ingest would publish, and changes nothing', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' }))
  fx.writeSource('stations.csv', stationsCsv(20, 3))
  const first = await fx.cli('ingest', '--dry-run')
  t.equal(first.code, 0, first.stderr)
  t.match(first.stdout, /^stations: would publish: 19 of 20 rows, 1 rejected, utf-8 in \d+\.\d\d s.* \(dry run: nothing published\)\n {2}rejected row 3 \(line 4\), field "aqi": /)
  t.same(await storeState(t, fx), { title: undefined, version: undefined, rows: undefined, reports: 0, trialFiles: 0 }, 'no metadata, version, report or file')
  t.match((await fx.cli('ingest')).stdout, /^stations: published version 1: 19 of 20 rows/, 'the real ingest then publishes version 1')

  fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' }).replace('title: 空气质量监测站点日报', 'title: 新标题'))
  fx.writeSource('stations.csv', stationsCsv(30))
  const before = await storeState(t, fx)
  const second = await fx.cli('ingest', 'stations', '--dry-run')
  t.equal(second.code, 0, second.stderr)
  t.match(second.stdout, /^stations: would publish: 30 of 30 rows, .*\(dry run: nothing published\)$/)
  t.same(await storeState(t, fx), before, 'what is served stays: title, version, rows, reports')
  t.same(before, { title: '空气质量监测站点日报', version: 1, rows: 19, reports: 1, trialFiles: 0 })
  t.match((await fx.cli('ingest')).stdout, /^stations: published version 2: 30 of 30 rows/, 'no version number was used up')
  t.equal((await fx.cli('ingest', '--dry-run')).stdout, `stations: unchanged (version 2)${SUFFIX}`)
})

const RECIPIENTS = `id: stations
title: 救助对象
provider: { name: 民政局 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: stations.csv }
primary_key: n
fields:
  - { name: n, type: integer, title: 序号 }
  - { name: district, type: string, title: 区 }
  - { name: age, type: integer, title: 年龄, rule: { generalize: { bucket: 10 } } }
privacy: { quasi_identifiers: [district, age], k: 3, on_violation: fail }
`

t.test('a dry run fails where the ingest fails, with the same message, and exits 1', async (t) => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['a value that does not coerce', stationsCatalog(), stationsCsv(5, 3), /^stations: FAILED: \S*stations\.csv: row 3 \(line 4\), field "aqi": /],
    ['a duplicate primary key (checked by the version writer)', stationsCatalog(), `${stationsCsv(5)}${stationsCsv(1).split('\n')[1]}\n`, /^stations: FAILED: \S*stations\.csv: row 6 \(line 7\), field "id": /],
    ['an ID number in a kept field (leak guard)', stationsCatalog(), stationsCsv(5).replace('备注2', '身份证11010519491231002X'), /^stations: FAILED: leak guard: field "note"/],
    ['a group smaller than k', RECIPIENTS, 'n,district,age\n1,朝阳区,31\n2,朝阳区,35\n3,朝阳区,39\n4,海淀区,41\n', /^stations: FAILED: k-anonymity: 1 group\(s\)/],
  ]
  for (const [name, catalog, csv, expected] of cases) {
    const fx = makeFixture(t)
    fx.writeCatalog('stations', catalog)
    fx.writeSource('stations.csv', csv)
    const dry = await fx.cli('ingest', '--dry-run')
    t.equal(dry.code, 1, name)
    t.match(dry.stderr, expected, name)
    t.notMatch(dry.stderr, /11010519491231002X/, `${name}: no raw identifier`)
    t.same(await storeState(t, fx), { title: undefined, version: undefined, rows: undefined, reports: 0, trialFiles: 0 }, `${name}: nothing kept`)
    const real = await fx.cli('ingest')
    t.equal(real.code, 1, `${name}: the real ingest fails too`)
    t.equal(dry.stderr, `${real.stderr}${SUFFIX}`, `${name}: with the same message`)
  }
})
