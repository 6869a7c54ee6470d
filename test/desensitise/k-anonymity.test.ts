import t from 'tap'
import type { CellValue } from '../../src/desensitise/types.ts'
import { checkKAnonymity, createGroupCounter, type KRow } from '../../src/desensitise/k-anonymity.ts'

const rows: KRow[] = [
  { rowNumber: 1, values: { district: '朝阳区', age_band: '30-39', x: 1 } },
  { rowNumber: 2, values: { district: '朝阳区', age_band: '30-39', x: 2 } },
  { rowNumber: 3, values: { district: '朝阳区', age_band: '30-39', x: 3 } },
  { rowNumber: 4, values: { district: '海淀区', age_band: '30-39', x: 4 } },
  { rowNumber: 5, values: { district: '朝阳区', age_band: '40-49', x: 5 } },
  { rowNumber: 6, values: { district: '海淀区', age_band: '30-39', x: 6 } },
  { rowNumber: 7, values: { district: '西城区', age_band: '20-29', x: 7 } },
  { rowNumber: 8, values: { district: '朝阳区', age_band: '30-39', x: 8 } },
]

t.test('checkKAnonymity', async (t) => {
  const r = checkKAnonymity(rows, ['district', 'age_band'], 3)
  t.same(r, {
    groups: 4,
    smallestGroupSize: 1,
    smallestGroup: { district: '朝阳区', age_band: '40-49' },
    violatingGroups: 3,
    violatingRows: 4,
    rowsInViolation: [4, 5, 6, 7],
  })
  const k2 = checkKAnonymity(rows, ['district', 'age_band'], 2)
  t.same(k2.rowsInViolation, [5, 7])
  t.equal(k2.violatingGroups, 2)
  const k1 = checkKAnonymity(rows, ['district', 'age_band'], 1)
  t.same(k1.rowsInViolation, [])
  t.equal(k1.violatingGroups, 0)
  const one = checkKAnonymity(rows, ['district'], 2)
  t.same(one.rowsInViolation, [7])
  t.same(one.smallestGroup, { district: '西城区' })
})

t.test('sources: generator (one shot), factory, empty', async (t) => {
  function* gen() {
    yield* rows
  }
  t.same(checkKAnonymity(gen(), ['district', 'age_band'], 3).rowsInViolation, [4, 5, 6, 7], 'generator object is buffered')
  t.same(checkKAnonymity(() => gen(), ['district', 'age_band'], 3).rowsInViolation, [4, 5, 6, 7], 'factory: two passes')
  t.same(checkKAnonymity(new Set(rows), ['district'], 5).rowsInViolation, [4, 6, 7], 'any re-iterable')
  t.same(checkKAnonymity([], ['district'], 5), {
    groups: 0,
    smallestGroupSize: 0,
    smallestGroup: {},
    violatingGroups: 0,
    violatingRows: 0,
    rowsInViolation: [],
  })
})

t.test('group keys keep types; null and missing are one group', async (t) => {
  const c = createGroupCounter(['a'])
  const vals: Array<Record<string, CellValue>> = [{ a: 1 }, { a: '1' }, { a: null }, {}, { a: true }, { a: 'true' }]
  for (const v of vals) c.add(v)
  t.equal(c.groupSize({ a: 1 }), 1)
  t.equal(c.groupSize({ a: '1' }), 1)
  t.equal(c.groupSize({ a: null }), 2)
  t.equal(c.groupSize({ a: 'nope' }), 0)
  t.equal(c.result(1).groups, 5)
  t.same(c.quasiIdentifiers, ['a'])
})

t.test('two-pass counter', async (t) => {
  const c = createGroupCounter(['district', 'age_band'], 3)
  for (const r of rows) c.add(r.values)
  t.same(c.result(), {
    groups: 4,
    smallestGroupSize: 1,
    smallestGroup: { district: '朝阳区', age_band: '40-49' },
    violatingGroups: 3,
    violatingRows: 4,
  })
  t.same(
    rows.filter((r) => c.violates(r.values)).map((r) => r.rowNumber),
    [4, 5, 6, 7],
  )
  t.same(
    rows.filter((r) => c.isSuppressed(r.values)).map((r) => r.rowNumber),
    [4, 5, 6, 7],
  )
  t.equal(c.violates({ district: '海淀区', age_band: '30-39' }, 2), false, 'k overridden per call')
  t.equal(c.result(5).violatingGroups, 4)
})

t.test('argument errors', async (t) => {
  t.throws(() => createGroupCounter([]), /no quasi-identifiers/)
  t.throws(() => createGroupCounter(['a'], 0), /k must be a positive integer/)
  t.throws(() => createGroupCounter(['a'], 2.5), /k must be a positive integer/)
  const c = createGroupCounter(['a'])
  c.add({ a: 1 })
  t.throws(() => c.result(), /k is not set/)
  t.throws(() => c.violates({ a: 1 }), /k is not set/)
  t.equal(c.result(2).violatingGroups, 1)
  t.equal(c.violates({ a: 1 }), true, 'the k of the last result() is the default of pass 2')
  t.throws(() => checkKAnonymity(rows, ['district'], 0), /k must be a positive integer/)
})
