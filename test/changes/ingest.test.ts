import t from 'tap'
import type { IngestReport } from '../../src/ingest/report.ts'
import { reportView } from '../../src/server/report-view.ts'
import type { StoredReport } from '../../src/store/types.ts'
import { stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { ingestTwice } from './fixture.ts'

/**
 * At ingest (issue 12 §1): the new version is compared with the one served before it is published; the
 * summary goes with the version (metadata), into the ingest report and onto the CLI's line; a schema change
 * is recorded as an event.
 */
for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    const { fx, store, secondIngest } = await ingestTwice(t, kind)

    t.test('the CLI line says what changed since the version served before', async (t) => {
      t.match(secondIngest, /^stations: published version 2: 33 of 33 rows, .*; since version 1: \+5 −2 ~5 rows$/m)
      t.match(secondIngest, /^readings: published version 2: 4 of 4 rows, .*; since version 1: \+2 −2 rows \(matched by content\)$/m)
    })

    t.test('the ingest report keeps the summary, and the time it took; the admin view shows them', async (t) => {
      const [latest, first] = await store.listReports('stations')
      t.match((latest?.report as IngestReport).changes, { from: 1, to: 2, matchedBy: 'primary_key', rows: { added: 5, removed: 2, changed: 5, unchanged: 23 }, rowCountDelta: 3, fields: [] })
      t.notOk((first?.report as IngestReport).changes, 'none for the first version')
      const view = reportView(latest as StoredReport)
      t.match(view.changes, { from: 1, to: 2, matched_by: 'primary_key', row_count_delta: 3 })
      t.type(view.timings.changes_ms, 'number')
      t.equal(reportView(first as StoredReport).changes, null)
    })

    t.test('a schema change is summarised field by field, recorded as an event, and an unchanged source is not compared', async (t) => {
      // a stricter rule would withdraw what is served, leaving nothing to compare with (test/ingest/withdraw.test.ts)
      fx.writeCatalog('stations', stationsCatalog().replace('{ name: aqi, type: integer, title: 空气质量指数', '{ name: aqi, type: number, title: 空气质量指数'))
      fx.writeSource('stations.csv', stationsCsv(33))
      const run = await fx.cli('ingest', 'stations')
      t.equal(run.code, 0, run.stderr)
      t.match(run.stdout, /since version 2: \+2 −2 ~5 rows, 1 field retyped$/m)
      const current = (await store.getDataset('stations'))?.current
      t.same(current?.changes?.fields, [{ field: 'aqi', change: 'retyped', before: { type: 'integer', rule: 'keep' }, after: { type: 'number', rule: 'keep' } }])
      t.match(current?.changes?.rows, { added: 2, removed: 2, changed: 5, unchanged: 26 }, '3 and 4 back, 34 and 35 gone, 5–9 back to their aqi; 185 is 185.0')
      const events = await store.listEvents({ datasetId: 'stations', types: ['dataset.schema_changed'], limit: 10, order: 'newest-first' })
      t.match(events, [{ type: 'dataset.schema_changed', version: 3, from: 2, fields: [{ field: 'aqi', change: 'retyped' }] }])
      const again = await fx.cli('ingest', 'stations')
      t.match(again.stdout, /^stations: unchanged \(version 3\)$/m, 'nothing compared when nothing was built')
    })
  })
}
