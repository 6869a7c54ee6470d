import fc from 'fast-check'
import t from 'tap'
import type { CatalogEntry } from '../../src/catalog/schema.ts'
import { ChangeLog, type ChangeRow, type PageStart } from '../../src/changes/change-log.ts'
import { compareVersions } from '../../src/changes/compare-versions.ts'
import type { VersionInfo } from '../../src/store/types.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { entryFor, field, publishTable, type Table } from '../helpers/tables.ts'
import { open } from '../store/contract-fixture.ts'
import { referenceChanges, versionPair, type Change } from './tables.ts'

// random tables compared in both stores: about 80 s on a 2-core machine running four files at once, so more
// room than the 120 s default; no result depends on how long it takes
t.setTimeout(360_000)

/**
 * Change summaries and pages of changes (issue 12) exact against the in-memory reference on random tables
 * and random edits, with and without a primary key, with fields added, removed and retyped, in both stores:
 * the merge reads what each store scans back, in each store's key order. Pages are walked with random page
 * sizes and scan budgets small enough that pages stop early: every change must come exactly once, in order.
 */
async function walk(log: ChangeLog, id: string, from: VersionInfo, to: VersionInfo, limit: number): Promise<{ rows: ChangeRow[]; pages: number }> {
  const rows: ChangeRow[] = []
  let start: PageStart | undefined = {}
  let pages = 0
  while (start) {
    const page = await log.page(id, from, to, start, limit)
    if (page.rows.length > limit) throw new Error(`a page of ${page.rows.length} rows for a limit of ${limit}`)
    rows.push(...page.rows)
    start = page.next
    if (++pages > 10_000) throw new Error('the walk does not end')
  }
  return { rows, pages }
}

const plain = (changes: ReadonlyArray<ChangeRow | Change>) => JSON.stringify(changes.map((c) => [c.op, c.key, c.before ?? null, c.after ?? null]))

for (const kind of STORE_KINDS) {
  t.test(`${kind}: summaries and pages equal the reference on random edits`, async (t) => {
    const { store } = await open(t, kind, 100)
    const entries: CatalogEntry[] = []
    let runs = 0
    await fc.assert(fc.asyncProperty(versionPair, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 2, max: 40 }), async ({ before, after }, limit, scanBudget) => {
      const id = `t${++runs}`
      entries.push(entryFor(id, before, after))
      await store.syncCatalog(entries, new Set(entries.map((e) => e.id)))
      await publishTable(store, id, before, entries.at(-1))
      await publishTable(store, id, after, entries.at(-1))
      const [to, from] = (await store.getDataset(id))?.versions as [VersionInfo, VersionInfo]
      const expected = referenceChanges(before, after)
      const summary = await compareVersions(store, id, from, to)
      t.same({ matchedBy: summary.matchedBy, rows: summary.rows, delta: summary.rowCountDelta },
        { matchedBy: expected.matchedBy, rows: expected.rows, delta: after.rows.length - before.rows.length }, `run ${runs}: summary`)
      const log = new ChangeLog(store, { scanBudget })
      t.same(await log.summary(id, from, to), summary, `run ${runs}: the change log's summary of a pair not stored`)
      const { rows } = await walk(log, id, from, to, limit)
      t.equal(plain(rows), plain(expected.changes), `run ${runs}: every change once, in order (limit ${limit}, budget ${scanBudget})`)
      return plain(rows) === plain(expected.changes) && JSON.stringify(summary.rows) === JSON.stringify(expected.rows)
    }), { numRuns: 40 })
  })
}

for (const kind of STORE_KINDS) {
  t.test(`${kind}: rows matched by content are found again from checkpoints, far into a version`, async (t) => {
    const { store } = await open(t, kind)
    const fields = [field('n', 'integer'), field('text', 'string')]
    const before: Table = { fields, rows: Array.from({ length: 5000 }, (_, i) => [i % 2500, `行${i % 2500}`]) }
    // every row twice; some pairs lose one copy, some values change, rows are added at the end
    const after: Table = {
      fields,
      rows: [...before.rows.filter((_, i) => ![10, 1500, 2600, 4999].includes(i)).map((r) => (r[0] === 1234 ? [1234, '改'] : r)), [9999, '新'], [1, '行1']],
    }
    const entry = entryFor('big', before, after)
    await store.syncCatalog([entry], new Set(['big']))
    await publishTable(store, 'big', before, entry)
    await publishTable(store, 'big', after, entry)
    const [to, from] = (await store.getDataset('big'))?.versions as [VersionInfo, VersionInfo]
    const expected = referenceChanges(before, after)
    t.same(expected.rows, { added: 4, removed: 6, changed: 0, unchanged: 4994 }, 'four copies and two changed rows gone; those two, a new row and a third copy added')
    for (const [limit, scanBudget] of [[1, 100], [2, 5000], [100, 100_000]] as const) {
      const { rows, pages } = await walk(new ChangeLog(store, { scanBudget }), 'big', from, to, limit)
      t.equal(plain(rows), plain(expected.changes), `limit ${limit}, budget ${scanBudget}`)
      t.ok(pages >= Math.ceil(expected.changes.length / limit), `${pages} pages`)
    }
  })
}

t.test('a page stops once it has scanned its budget, however few changes it found', async (t) => {
  const { store } = await open(t, 'sqlite')
  const fields = [field('id', 'integer'), field('v', 'string')]
  const before: Table = { fields, primaryKey: 'id', rows: Array.from({ length: 1000 }, (_, i) => [i, 'x']) }
  const after: Table = { ...before, rows: before.rows.map((r) => (r[0] === 900 ? [900, 'y'] : r)) }
  const entry = entryFor('sparse', before, after)
  await store.syncCatalog([entry], new Set(['sparse']))
  await publishTable(store, 'sparse', before, entry)
  await publishTable(store, 'sparse', after, entry)
  const [to, from] = (await store.getDataset('sparse'))?.versions as [VersionInfo, VersionInfo]
  const log = new ChangeLog(store, { scanBudget: 200 })
  const first = await log.page('sparse', from, to, {}, 10)
  t.same(first, { rows: [], next: { after: 99 } }, 'no change among the first 100 keys of each version: an empty page that goes on after them')
  const { rows, pages } = await walk(log, 'sparse', from, to, 10)
  t.same(rows.map((r) => [r.op, r.key]), [['changed', 900]])
  t.equal(pages, 10, 'a thousand keys, a hundred a page')
})

t.test('whole-version computations run two at a time; a third pair is refused, the same pair waits for the first', async (t) => {
  const { store } = await open(t, 'sqlite')
  const table = (n: number): Table => ({ fields: [field('v', 'integer')], rows: Array.from({ length: n }, (_, i) => [i]) })
  const entries = ['a', 'b', 'c'].map((id) => entryFor(id, table(1)))
  await store.syncCatalog(entries, new Set(['a', 'b', 'c']))
  for (const entry of entries) {
    await publishTable(store, entry.id, table(3), entry)
    await publishTable(store, entry.id, table(4), entry)
  }
  // reads of versions wait until released, so that computations overlap
  let release!: () => void
  const gate = new Promise<void>((resolve) => { release = resolve })
  const held = new Proxy(store, {
    get: (target, name, receiver) => (name === 'versionRows'
      ? async (id: string, v: number) => { await gate; return target.versionRows(id, v) }
      : Reflect.get(target, name, receiver)),
  })
  const log = new ChangeLog(held)
  const pair = async (id: string) => (await store.getDataset(id))?.versions as [VersionInfo, VersionInfo]
  const [a2, a1] = await pair('a')
  const [b2, b1] = await pair('b')
  const [c2, c1] = await pair('c')
  const first = log.page('a', a1, a2, {}, 10)
  const same = log.page('a', a1, a2, {}, 10)
  const second = log.page('b', b1, b2, {}, 10)
  await t.rejects(log.page('c', c1, c2, {}, 10), { name: 'Error', message: /being computed; retry/ }, 'a third pair at once')
  release()
  t.same((await first).rows.map((r) => r.op), ['added'])
  t.same(await same, await first, 'the same pair joins the first computation')
  t.same((await second).rows.map((r) => r.op), ['added'])
  t.same((await log.page('c', c1, c2, {}, 10)).rows.map((r) => r.op), ['added'], 'once they are done, the third runs')
})
