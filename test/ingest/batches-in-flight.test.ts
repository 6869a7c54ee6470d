/**
 * The ingest reads the next batch while the store writes the last one; rejections found by reading (a
 * bad value, a short row) and by the store (a duplicate key) are still told in row order, and without
 * on_error: skip the first bad row in the file is the one that ends the ingest.
 */
import t from 'tap'
import { loadConfig } from '../../src/config/env.ts'
import { openStore } from '../../src/store/open.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { freshDatabase, STORE_KINDS } from '../helpers/postgres.ts'

const ROWS = 10_000

/** stationsCsv(ROWS) with data rows replaced: `edits[row]` is a function of the rows' lines. */
function csvWith(edits: Record<number, (lines: string[]) => string>): string {
  const lines = stationsCsv(ROWS).split('\n')
  for (const [row, edit] of Object.entries(edits)) lines[Number(row)] = edit(lines)
  return lines.join('\n')
}
const duplicateOf = (row: number) => (lines: string[]) => lines[row] as string
const badAqi = (row: number) => (lines: string[]) => (lines[row] as string).replace(/^(\d+,[^,]+,)\d+/, '$1abc')
const short = () => 'x,only,three'

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    t.test('with on_error: skip, rejections of every batch are reported in row order', async (t) => {
      const fx = makeFixture(t)
      if (kind === 'postgres') fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
      fx.writeCatalog('stations', stationsCatalog({ onError: 'skip' }))
      fx.writeSource('stations.csv', csvWith({ 100: duplicateOf(1), 4200: short, 5000: badAqi(5000), 8200: duplicateOf(2), 9999: duplicateOf(9998) }))
      const run = await fx.cli('ingest')
      t.equal(run.code, 0, run.stderr)
      t.match(run.stdout, /9,995 of 10,000 rows, 5 rejected/)
      const store = openStore(loadConfig(fx.env))
      t.teardown(() => store.close())
      const [report] = await store.listReports('stations', 1)
      const rejections = (report?.report as { rejections: Array<{ row: number; field?: string }> }).rejections
      t.same(rejections.map((r) => [r.row, r.field ?? null]), [[100, 'id'], [4200, null], [5000, 'aqi'], [8200, 'id'], [9999, 'id']])
    })

    t.test('otherwise the first bad row ends the ingest, whether reading or the store found it', async (t) => {
      const cases: Array<[string, Record<number, (lines: string[]) => string>, RegExp]> = [
        ['a duplicate the store finds before a bad value read later', { 100: duplicateOf(1), 5000: badAqi(5000) }, /row 100 \(line 101\), field "id": duplicate value/],
        ['a bad value read before a duplicate', { 5000: badAqi(5000), 6000: duplicateOf(1) }, /row 5000 \(line 5001\), field "aqi": expected an integer/],
        ['a duplicate late in the file', { 9999: duplicateOf(3) }, /row 9999 \(line 10000\), field "id": duplicate value/],
      ]
      for (const [name, edits, expected] of cases) {
        const fx = makeFixture(t)
        if (kind === 'postgres') fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
        fx.writeCatalog('stations', stationsCatalog())
        fx.writeSource('stations.csv', csvWith(edits))
        const run = await fx.cli('ingest')
        t.equal(run.code, 1, name)
        t.match(run.stderr, expected, name)
        const store = openStore(loadConfig(fx.env))
        t.equal((await store.getDataset('stations'))?.current, undefined, `${name}: nothing published`)
        await store.close()
      }
    })
  })
}
