import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

const MiB = 1024 * 1024
const RECORDS = pathToFileURL(path.resolve(import.meta.dirname, '../../src/ingest/records.ts')).href

/** A CSV whose second row opens a quote that runs for `mib` MiB of text (with line breaks) and is closed at the very end. */
function writeHugeQuotedField(file: string, header: string, mib: number): void {
  const fd = fs.openSync(file, 'w')
  fs.writeSync(fd, `${header}\n1,"`)
  const chunk = `${'x'.repeat(1023)}\n`.repeat(1024)
  for (let i = 0; i < mib; i++) fs.writeSync(fd, chunk)
  fs.writeSync(fd, '"\n')
  fs.closeSync(fd)
}

t.test('a 20 MB quoted field fails the ingest naming the line and the setting; the published version stays served', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(10))
  t.equal((await fx.cli('ingest')).code, 0)

  const csv = stationsCsv(3)
  fs.writeFileSync(path.join(fx.root, 'datasets', 'stations.csv'), csv)
  const fd = fs.openSync(path.join(fx.root, 'datasets', 'stations.csv'), 'a')
  fs.writeSync(fd, '4,"')
  for (let i = 0; i < 20; i++) fs.writeSync(fd, 'y'.repeat(MiB))
  fs.writeSync(fd, '",1,1.0,true,2024-01-01,2024-01-01T08:00:00,1990,x\n')
  fs.closeSync(fd)
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /stations: FAILED: .*datasets\/stations\.csv: line 5: field 2 is longer than 1 MiB; is a closing quote missing\? \(limit: GONGKAI_MAX_FIELD_BYTES\)/)

  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  t.equal((await store.getDataset('stations'))?.current?.version, 1)
  t.equal((await store.readRows('stations', 1, { limit: 100 })).rows.length, 10)
})

t.test('the limits are the configured ones', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  const rows = stationsCsv(3).split('\n')
  rows[2] = (rows[2] as string).replace(/备注2$/, 'z'.repeat(3000))
  fx.writeSource('stations.csv', rows.join('\n'))
  const strict = await fx.cli('ingest')
  t.equal(strict.code, 0, 'a 3,000-byte field is within the default limit')

  fx.env.GONGKAI_MAX_FIELD_BYTES = '2048'
  fx.writeSource('stations.csv', `${rows.join('\n')}\n`)
  const limited = await fx.cli('ingest')
  t.equal(limited.code, 1)
  t.match(limited.stderr, /line 3: field 9 is longer than 2 KiB \(limit: GONGKAI_MAX_FIELD_BYTES\)/)

  fx.env.GONGKAI_MAX_FIELD_BYTES = '4096'
  fx.env.GONGKAI_MAX_RECORD_BYTES = '3072'
  const record = await fx.cli('ingest')
  t.equal(record.code, 2, 'a record limit below the field limit is a configuration error')
  t.match(record.stderr, /GONGKAI_MAX_RECORD_BYTES \(3072\) must be at least GONGKAI_MAX_FIELD_BYTES \(4096\)/)

  fx.env.GONGKAI_MAX_RECORD_BYTES = '4096'
  fx.env.GONGKAI_MAX_FIELD_BYTES = '4096'
  rows[3] = (rows[3] as string).replace(/备注3$/, 'w'.repeat(3000))
  fx.writeSource('stations.csv', rows.join('\n'))
  const both = await fx.cli('ingest')
  t.equal(both.code, 0, both.stderr)
})

t.test('reading a 20 MB quoted field stops at the limit in bounded memory', async (t) => {
  const dir = t.testdir({})
  const file = path.join(dir, 'huge.csv')
  writeHugeQuotedField(file, 'a,b', 20)
  // a fresh process, so that its peak resident memory is the reader's and not the test runner's
  const script = path.join(dir, 'read.mts')
  fs.writeFileSync(script, `
    const { readRecords } = await import(${JSON.stringify(RECORDS)})
    const before = process.memoryUsage().rss
    let error = ''
    try { for await (const _ of readRecords(${JSON.stringify(file)}, 'utf-8', ',')) {} } catch (e) { error = e.message }
    console.log(JSON.stringify({ error, growth: process.resourceUsage().maxRSS * 1024 - before }))
  `)
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(import.meta.dirname, '../..') })
  const { error, growth } = JSON.parse(stdout) as { error: string; growth: number }
  t.match(error, /^line 2: field 2 is longer than 1 MiB; is a closing quote missing\?/)
  // the unbounded reader grew by 272 MB on this file (and 885 MB on 60 MB); the bounded one by about 16 MB
  t.ok(growth < 64 * MiB, `peak memory grew by ${Math.round(growth / MiB)} MiB`)
})
