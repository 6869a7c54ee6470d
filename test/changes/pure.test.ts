import fc from 'fast-check'
import t from 'tap'
import type { CellValue } from '../../src/catalog/values.ts'
import { describeChanges } from '../../src/changes/describe.ts'
import { fieldChanges, sharedColumns, type FieldShapeOf } from '../../src/changes/field-changes.ts'
import { compareDigests, sortByDigest } from '../../src/changes/hash-sort.ts'
import { compareKeys, compareUtf8 } from '../../src/changes/key-order.ts'
import { mergeByKey } from '../../src/changes/key-merge.ts'
import { RowHasher } from '../../src/changes/row-hash.ts'
import { RowScan, ScanOrderError } from '../../src/changes/row-scan.ts'
import type { ChangeSummary } from '../../src/store/change-types.ts'

/** The pure parts of the change engine: key order, schema changes, row digests and their sort. */

const sign = (n: number): number => Math.sign(n)

t.test('text keys order as their UTF-8 bytes, the order of SQLite BINARY and PostgreSQL "C"', async (t) => {
  const cases: Array<[string, string, number]> = [
    ['a', 'b', -1], ['b', 'a', 1], ['a', 'a', 0], ['', 'a', -1], ['ab', 'a', 1], ['B', 'a', -1],
    // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (4 bytes, F0 …) though its UTF-16 unit is larger than a surrogate
    ['Ａ', '😀', -1], ['😀', 'Ａ', 1], ['\uE000', '\u{10000}', -1], ['\uD7FF', '\uE000', -1], ['𠀀', '𠀁', -1],
    ['北京', '上海', Math.sign(Buffer.compare(Buffer.from('北京'), Buffer.from('上海')))],
  ]
  for (const [a, b, expected] of cases) t.equal(sign(compareUtf8(a, b)), expected, `${a} vs ${b}`)
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) =>
    sign(compareUtf8(a, b)) === Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))), { numRuns: 2000 })
})

t.test('keys of other types order as SQLite orders them: NULL, numbers (booleans as 0 and 1), text', async (t) => {
  const cases: Array<[CellValue, CellValue, number]> = [
    [1, 2, -1], [10, 9, 1], [-1.5, -1, -1], [3, 3, 0], [false, true, -1], [true, 1, 0], [false, 0.5, -1],
    [null, 0, -1], [null, null, 0], [5, '5', -1], ['', 1e9, 1], [2 ** 53 - 1, 2 ** 53 - 2, 1],
  ]
  for (const [a, b, expected] of cases) t.equal(sign(compareKeys(a, b)), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
})

const f = (name: string, type: FieldShapeOf['type'] = 'string', rule: FieldShapeOf['rule'] = 'keep'): FieldShapeOf => ({ name, type, rule })

t.test('fieldChanges names each field added, removed, retyped or given another rule, in a stable order', async (t) => {
  const cases: Array<[string, FieldShapeOf[], FieldShapeOf[], Array<[string, string]>]> = [
    ['the same schema', [f('a'), f('b', 'integer')], [f('a'), f('b', 'integer')], []],
    ['fields reordered only', [f('a'), f('b')], [f('b'), f('a')], []],
    ['added in the new order, removed after them', [f('a'), f('gone'), f('b')], [f('new'), f('a'), f('b'), f('z')], [['new', 'added'], ['z', 'added'], ['gone', 'removed']]],
    ['retyped', [f('n', 'integer')], [f('n', 'number')], [['n', 'retyped']]],
    ['another rule', [f('p', 'string', 'mask')], [f('p', 'string', 'hash')], [['p', 'rule_changed']]],
    ['both: one entry each', [f('p', 'integer', 'keep')], [f('p', 'string', 'hash')], [['p', 'retyped'], ['p', 'rule_changed']]],
    ['custom masks compared by value, not key order', [f('m', 'string', { mask: { keep_start: 1, keep_end: 0 } })],
      [f('m', 'string', JSON.parse('{"mask":{"keep_end":0,"keep_start":1}}'))], []],
    ['custom mask widened', [f('m', 'string', { mask: { keep_start: 1, keep_end: 0 } })], [f('m', 'string', { mask: { keep_start: 1, keep_end: 1 } })], [['m', 'rule_changed']]],
    ['a rename is one removed and one added', [f('old')], [f('new')], [['new', 'added'], ['old', 'removed']]],
  ]
  for (const [name, before, after, expected] of cases) {
    t.same(fieldChanges(before, after).map((c) => [c.field, c.change]), expected, name)
  }
  t.same(fieldChanges([f('n', 'integer', 'keep')], [f('n', 'number', 'keep'), f('x', 'date', 'drop')]), [
    { field: 'n', change: 'retyped', before: { type: 'integer', rule: 'keep' }, after: { type: 'number', rule: 'keep' } },
    { field: 'x', change: 'added', after: { type: 'date', rule: 'drop' } },
  ], 'each entry carries the shapes it compares, none for the side without the field')
})

t.test('sharedColumns pairs the positions of the fields both versions have, in the new order', async (t) => {
  t.same(sharedColumns([f('a'), f('b'), f('c')], [f('c'), f('x'), f('a')]), { names: ['c', 'a'], before: [2, 0], after: [0, 2] })
  t.same(sharedColumns([f('a')], [f('b')]), { names: [], before: [], after: [] })
})

function digest(row: CellValue[]): string {
  const out = new Uint32Array(2)
  new RowHasher().digest(row, row.map((_, i) => i), out, 0)
  return `${out[0]}:${out[1]}`
}

t.test('row digests are equal for rows equal as published and differ otherwise', async (t) => {
  t.equal(digest([1, 'a', null, true]), digest([1, 'a', null, true]))
  t.equal(digest([5]), digest([5.0]), '5 and 5.0 are the same number')
  t.equal(digest([0]), digest([-0]), '-0 === 0')
  const distinct: CellValue[][] = [[5], ['5'], [true], [1], [false], [0], [null], [''], ['ab', 'c'], ['a', 'bc'], ['abc'], ['a', null], [null, 'a'], ['北京'], ['北京 '], ['😀'], []]
  const digests = distinct.map(digest)
  t.equal(new Set(digests).size, distinct.length, 'no two of these rows share a digest')
  const hasher = new RowHasher()
  const out = new Uint32Array(4)
  hasher.digest([1, 'x', 2], [2, 0], out, 1)
  const picked = new Uint32Array(2)
  hasher.digest([2, 1], [0, 1], picked, 0)
  t.same([out[2], out[3]], [picked[0], picked[1]], 'only the given columns, in the given order, at the given place')
})

t.test('sortByDigest orders rows by digest, stably, as a comparison sort would', async (t) => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat({ max: 0xffffffff }).map((n) => n % 5 === 0 ? 0xffffffff : n)), { maxLength: 300 }), (pairs) => {
    const hashes = new Uint32Array(pairs.flat())
    const expected = pairs.map((_, i) => i).sort((a, b) => compareDigests(hashes, a, hashes, b) || a - b)
    return JSON.stringify([...sortByDigest(hashes, pairs.length)]) === JSON.stringify(expected)
  }), { numRuns: 300 })
  t.same([...sortByDigest(new Uint32Array([1, 0, 0, 0xffffffff, 0, 0xffffffff]), 3)], [1, 2, 0], 'high half first, equal rows in scan order')
})

t.test('describeChanges: the summary in one line', async (t) => {
  const summary = (rows: ChangeSummary['rows'], fields: ChangeSummary['fields'] = [], matchedBy: ChangeSummary['matchedBy'] = 'primary_key'): ChangeSummary =>
    ({ from: 1, to: 2, matchedBy, rows, rowCountDelta: rows.added - rows.removed, fields })
  const shape = { type: 'integer', rule: 'keep' } as const
  const cases: Array<[ChangeSummary, string]> = [
    [summary({ added: 12, removed: 3, changed: 40, unchanged: 9 }, [{ field: 'aqi', change: 'retyped', before: shape, after: { type: 'number', rule: 'keep' } }]), '+12 −3 ~40 rows, 1 field retyped'],
    [summary({ added: 1234, removed: 0, changed: 0, unchanged: 1 }), '+1,234 −0 ~0 rows'],
    [summary({ added: 0, removed: 0, changed: 0, unchanged: 5 }), 'no row changed'],
    [summary({ added: 2, removed: 2, changed: 0, unchanged: 5 }, [], 'content'), '+2 −2 rows (matched by content)'],
    [summary({ added: 0, removed: 0, changed: 0, unchanged: 5 }, [
      { field: 'a', change: 'added', after: shape }, { field: 'b', change: 'added', after: shape }, { field: 'c', change: 'removed', before: shape },
      { field: 'd', change: 'rule_changed', before: shape, after: { type: 'integer', rule: 'hash' } },
    ]), 'no row changed, 2 fields added, 1 field removed, 1 field with another rule'],
  ]
  for (const [s, line] of cases) t.equal(describeChanges(s), line)
})

async function* batchesOf(...batches: CellValue[][][]): AsyncGenerator<CellValue[][]> {
  for (const batch of batches) yield batch
}

t.test('a scan whose keys do not strictly increase fails instead of giving a wrong diff', async (t) => {
  const read = async (scan: RowScan): Promise<void> => {
    while (await scan.fill()) scan.at = scan.rows.length
  }
  await t.resolves(read(new RowScan(batchesOf([[1], [2]], [[10]]), 0, 'ok')))
  await t.rejects(read(new RowScan(batchesOf([[1], [3], [2]]), 0, 'v1')), new ScanOrderError('v1: rows are not in strictly increasing key order at row 3; the changes cannot be computed by merging'))
  await t.rejects(read(new RowScan(batchesOf([[1], [2]], [[2]]), 0, 'v1')), { message: /order at row 3;/ }, 'across batches, and a repeated key')
  // a store sorting text by UTF-16 code units (or a locale) would put 😀 before Ａ
  await t.rejects(read(new RowScan(batchesOf([['😀'], ['Ａ']]), 0, 'v1')), { message: /order at row 2;/ })
})

t.test('a merge gives the event loop a turn between batches', async (t) => {
  const rows = (n: number): CellValue[][][] => Array.from({ length: n }, (_, i) => [[i, 'x']])
  let turns = 0
  let merging = true
  const tick = (): void => {
    if (!merging) return
    turns++
    setImmediate(tick)
  }
  setImmediate(tick)
  const shared = sharedColumns([f('id'), f('v')], [f('id'), f('v')])
  const outcome = await mergeByKey(new RowScan(batchesOf(...rows(20)), 0, 'a'), new RowScan(batchesOf(...rows(20)), 0, 'b'), shared, () => true)
  merging = false
  t.same(outcome, { lastKey: 19, done: true })
  t.ok(turns >= 19, `${turns} turns of the event loop during a merge of 20 batches a side`)
})
