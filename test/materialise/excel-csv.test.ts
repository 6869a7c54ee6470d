import t from 'tap'
import { excelCsv } from '../../src/materialise/excel-csv.ts'
import { VersionRows } from '../../src/store/sqlite/version-rows.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

t.test('the spreadsheet CSV is built in slices that let the event loop turn between them', async (t) => {
  const rows = 20_000
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(rows))
  t.equal((await fx.cli('ingest')).code, 0)
  const store = new SqliteDatasetStore(fx.config.dataDir, 3, { workers: 1 })
  t.teardown(() => store.close())
  const version = (await store.getDataset('stations'))?.current
  if (!version) throw new Error('not published')
  // counts turns of the event loop while the file is made: other requests get one at each
  let turns = 0
  let done = false
  const tick = (): void => {
    if (done) return
    turns++
    setImmediate(tick)
  }
  setImmediate(tick)
  // the real reader, watched: in which turn each batch of rows is read
  const readIn: number[] = []
  const batches = VersionRows.prototype.batches
  VersionRows.prototype.batches = async function* (size: number) {
    for await (const batch of batches.call(this, size)) {
      readIn.push(turns)
      yield batch
    }
  }
  t.teardown(() => {
    VersionRows.prototype.batches = batches
  })
  const made = await excelCsv(store, 'stations', version)
  done = true
  t.ok(made.bytes > 1_000_000, `${made.bytes} bytes`)
  t.ok(readIn.length >= rows / 1024, `${readIn.length} batches`)
  t.equal(new Set(readIn).size, readIn.length, 'never two batches in one turn of the event loop')
})
