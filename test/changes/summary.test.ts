import fc from 'fast-check'
import t from 'tap'
import { compareVersions } from '../../src/changes/compare-versions.ts'
import type { CatalogEntry } from '../../src/catalog/schema.ts'
import type { VersionInfo } from '../../src/store/types.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { open } from '../store/contract-fixture.ts'
import { entryFor, publishTable } from '../helpers/tables.ts'
import { referenceChanges, versionPair } from './tables.ts'

/**
 * Change summaries (issue 12 §1) exact against the in-memory reference on random tables and random edits,
 * with and without a primary key, with fields added, removed and retyped, in both stores: the merge reads
 * what each store scans back, in each store's key order.
 */
for (const kind of STORE_KINDS) {
  t.test(`${kind}: summaries equal the reference on random edits`, async (t) => {
    const { store } = await open(t, kind, 100)
    const entries: CatalogEntry[] = []
    let runs = 0
    await fc.assert(fc.asyncProperty(versionPair, async ({ before, after }) => {
      const id = `t${++runs}`
      entries.push(entryFor(id, before, after))
      await store.syncCatalog(entries, new Set(entries.map((e) => e.id)))
      await publishTable(store, id, before, entries.at(-1))
      await publishTable(store, id, after, entries.at(-1))
      const [to, from] = (await store.getDataset(id))?.versions as [VersionInfo, VersionInfo]
      const summary = await compareVersions(store, id, from, to)
      const expected = referenceChanges(before, after)
      t.same({ matchedBy: summary.matchedBy, rows: summary.rows, delta: summary.rowCountDelta },
        { matchedBy: expected.matchedBy, rows: expected.rows, delta: after.rows.length - before.rows.length }, `run ${runs}`)
      return summary.matchedBy === expected.matchedBy && JSON.stringify(summary.rows) === JSON.stringify(expected.rows)
    }), { numRuns: 40 })
  })
}
