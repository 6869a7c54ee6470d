import t from 'tap'
import type { CellValue } from '../../src/catalog/values.ts'
import type { DatasetStore, ScanOptions } from '../../src/store/types.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { entryFor, field, publishTable, type Table } from '../helpers/tables.ts'
import { open } from './contract-fixture.ts'

/**
 * Scans of a version from a key and with their order keys (ScanOptions), and counts of two versions joined
 * by key or by content, the same in both stores: what the change engine (src/changes/) merges, goes on from and counts.
 */
async function scan(store: DatasetStore, id: string, version: number, size: number, options?: ScanOptions): Promise<CellValue[][]> {
  const reader = await store.versionRows(id, version)
  const rows: CellValue[][] = []
  try {
    for await (const batch of reader.batches(size, options)) rows.push(...batch)
  } finally {
    await reader.close()
  }
  return rows
}

// text keys of every UTF-8 length, out of byte order on purpose
const KEYED: Table = {
  fields: [field('code', 'string'), field('n', 'integer'), field('ok', 'boolean')],
  primaryKey: 'code',
  rows: [['😀', 1, true], ['b', 2, false], ['Ａ', 3, null], ['a', 4, true], ['北京', 5, false], ['\uE000', 6, true]],
}
const BYTE_ORDER = ['a', 'b', '北京', '\uE000', 'Ａ', '😀']

const UNKEYED: Table = { fields: [field('x', 'string'), field('n', 'number')], rows: [['p', 1.5], ['q', null], ['p', 1.5], ['r', -2]] }

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    const { store } = await open(t, kind)
    const entries = [entryFor('keyed', KEYED), entryFor('unkeyed', UNKEYED)]
    await store.syncCatalog(entries, new Set(['keyed', 'unkeyed']))
    await publishTable(store, 'keyed', KEYED, entries[0])
    await publishTable(store, 'unkeyed', UNKEYED, entries[1])

    t.test('a version with a primary key scans in the UTF-8 byte order of its text keys, from any key', async (t) => {
      t.same((await scan(store, 'keyed', 1, 4)).map((r) => r[0]), BYTE_ORDER)
      t.same(await scan(store, 'keyed', 1, 2, { after: '北京' }), [['\uE000', 6, true], ['Ａ', 3, null], ['😀', 1, true]], 'only keys after the given one, booleans as booleans')
      t.same(await scan(store, 'keyed', 1, 2, { after: '😀' }), [], 'none after the last')
      t.same(await scan(store, 'keyed', 1, 10, { after: 'a', withKey: true }), [['b', 2, false, 'b'], ['北京', 5, false, '北京'], ['\uE000', 6, true, '\uE000'], ['Ａ', 3, null, 'Ａ'], ['😀', 1, true, '😀']],
        'a keyed scan appends the key')
    })

    t.test('countKeyChanges joins two versions by key and counts the rows whose compared columns differ', async (t) => {
      const edited: Table = {
        // n: 1 → 1.0 (equal), 2 → 20; ok: only nulls match across kinds; 😀 and a gone, c added
        fields: [field('code', 'string'), field('n', 'number'), field('ok', 'string')],
        primaryKey: 'code',
        rows: [['b', 20, 'false'], ['Ａ', 3, null], ['北京', 5, null], ['\uE000', 6, 'true'], ['c', 7, null]],
      }
      const entry = entryFor('keyed', KEYED, edited)
      await store.syncCatalog([entry, entryFor('unkeyed', UNKEYED)], new Set(['keyed', 'unkeyed']))
      await publishTable(store, 'keyed', { ...KEYED, rows: KEYED.rows.map((r) => (r[0] === 'b' ? ['b', 2.0, false] : r)) }, entry)
      await publishTable(store, 'keyed', edited, entry)
      const columns = (okComparable: boolean) => [{ name: 'n', comparable: true }, { name: 'ok', comparable: okComparable }]
      t.same(await store.countKeyChanges('keyed', 1, 3, { key: 'code', columns: columns(false) }), { rows: 5, common: 4, changed: 3 },
        'b (2 → 20), 北京 (false → null), \uE000 (true → "true"); Ａ null and null')
      t.same(await store.countKeyChanges('keyed', 1, 2, { key: 'code', columns: [{ name: 'n', comparable: true }] }), { rows: 6, common: 6, changed: 0 }, '2 and 2.0 are equal')
      t.same(await store.countKeyChanges('keyed', 2, 3, { key: 'code', columns: [] }), { rows: 5, common: 4, changed: 0 }, 'nothing compared')
      await t.rejects(store.countKeyChanges('keyed', 1, 9, { key: 'code', columns: [] }), /neither being built nor kept/)
    })

    t.test('countContentMatches pairs equal rows as multisets, by the compared columns', async (t) => {
      // UNKEYED: (p 1.5) twice, (q null), (r -2)
      const edited: Table = {
        fields: [field('x', 'string'), field('n', 'number'), field('tag', 'string')],
        rows: [['p', 1.5, null], ['q', null, null], ['q', null, 'new'], ['r', -2.0, null], ['s', 3, null]],
      }
      const entry = entryFor('unkeyed', UNKEYED, edited)
      await store.syncCatalog([entryFor('keyed', KEYED), entry], new Set(['keyed', 'unkeyed']))
      await publishTable(store, 'unkeyed', edited, entry)
      const both = [{ name: 'x', comparable: true }, { name: 'n', comparable: true }]
      t.equal(await store.countContentMatches('unkeyed', 1, 2, { columns: both }), 3,
        'one p of two, q with its null (once: two q against one), r as -2 and -2.0')
      t.equal(await store.countContentMatches('unkeyed', 1, 2, { columns: [{ name: 'x', comparable: true }] }), 3, 'p, q, r by x alone')
      t.equal(await store.countContentMatches('unkeyed', 1, 2, { columns: [{ name: 'x', comparable: true }, { name: 'n', comparable: false }] }), 1,
        'n of another kind in each: only the q with a null there pairs')
      t.equal(await store.countContentMatches('unkeyed', 1, 2, { columns: [{ name: 'n', comparable: false }] }), 1, 'nothing but nulls compared')
      t.equal(await store.countContentMatches('unkeyed', 2, 2, { columns: both }), 5, 'a version pairs wholly with itself')
      t.equal(await store.countContentMatches('unkeyed', 1, 2, { columns: [] }), 0, 'nothing pairs without a column in common')
      await t.rejects(store.countContentMatches('unkeyed', 1, 9, { columns: both }), /neither being built nor kept/)
    })

    t.test('a version without one scans in row order; its keys increase and a scan goes on after any of them', async (t) => {
      const keyed = await scan(store, 'unkeyed', 1, 3, { withKey: true })
      t.same(keyed.map((r) => r.slice(0, 2)), UNKEYED.rows)
      const keys = keyed.map((r) => r[2] as number)
      t.ok(keys.every((k, i) => typeof k === 'number' && (i === 0 || k > (keys[i - 1] as number))), 'increasing numbers')
      t.same(await scan(store, 'unkeyed', 1, 1, { after: keys[1] as number }), UNKEYED.rows.slice(2), 'after the second row')
      t.same(await scan(store, 'unkeyed', 1, 2), UNKEYED.rows, 'an unkeyed scan has the fields only')
    })
  })
}
