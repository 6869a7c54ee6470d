import t from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

t.test('a pattern RegExp would backtrack on for minutes is checked in one pass: ingest finishes and rejects the row', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' })
    .replace('{ name: note, type: string, title: 备注 }', () => "{ name: note, type: string, title: 备注, constraints: { pattern: '(备注\\d+|(a+)+)' } }"))
  const rows = stationsCsv(4).split('\n')
  // forty a's and a b: about 2^40 steps for a backtracking engine
  rows[2] = (rows[2] as string).replace(/备注2$/, `${'a'.repeat(40)}b`)
  fx.writeSource('stations.csv', rows.join('\n'))

  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /stations: published version 1: 3 of 4 rows, 1 rejected/)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('stations', 1)
  t.match((report?.report as { rejections: Array<{ row: number; reason: string }> }).rejections, [{ row: 2, reason: /does not match the pattern/ }])
})
