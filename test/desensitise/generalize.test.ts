import t from 'tap'
import type { CellValue, Generalize } from '../../src/desensitise/types.ts'
import {
  birthYear,
  generalizeBucket,
  generalizeDistrict,
  generalizeMonth,
  generalizeValue,
  generalizeYear,
  generalizerFor,
} from '../../src/desensitise/generalize.ts'
import { makeId } from './fixtures/vectors.ts'

t.test('year and month', async (t) => {
  const cases: Array<[CellValue, number | null, string | null]> = [
    ['2023-05-17', 2023, '2023-05'],
    ['2023-05-17T08:30:00', 2023, '2023-05'],
    ['2023-12-31T23:30:00+08:00', 2023, '2023-12'],
    ['2024-01-01T00:00:00Z', 2024, '2024-01'],
    [' 2023-05-17 ', 2023, '2023-05'],
    ['2023', 2023, null],
    [2023, 2023, null],
    [2023.5, null, null],
    ['2023-13-01', 2023, null],
    ['20230517', null, null],
    ['May 2023', null, null],
    [true, null, null],
  ]
  for (const [v, year, month] of cases) {
    t.equal(generalizeYear(v), year, `year ${JSON.stringify(v)}`)
    t.equal(generalizeMonth(v), month, `month ${JSON.stringify(v)}`)
  }
})

t.test('bucket', async (t) => {
  const cases: Array<[CellValue, number, string | null]> = [
    [37, 10, '30-39'],
    [30, 10, '30-39'],
    [39, 10, '30-39'],
    [40, 10, '40-49'],
    [5, 5, '5-9'],
    [4, 5, '0-4'],
    [0, 10, '0-9'],
    [-1, 10, '-10--1'],
    [-10, 10, '-10--1'],
    [-11, 10, '-20--11'],
    [39.5, 10, '30-39'],
    [37.2, 1, '37-37'],
    [1234567, 1000, '1234000-1234999'],
    ['37', 10, '30-39'],
    [' 37.5 ', 10, '30-39'],
    ['-0.5', 10, '-10--1'],
    ['abc', 10, null],
    ['', 10, null],
    [Number.NaN, 10, null],
    [Number.POSITIVE_INFINITY, 10, null],
    [false, 10, null],
  ]
  for (const [v, n, want] of cases) t.equal(generalizeBucket(v, n), want, `${JSON.stringify(v)} / ${n}`)
})

t.test('district', async (t) => {
  const cases: Array<[CellValue, string | null]> = [
    ['北京市朝阳区建国路88号', '北京市朝阳区'],
    ['  河北省保定市涞水县某村 ', '河北省保定市涞水县'],
    ['江苏省苏州市昆山市玉山镇1号', '江苏省苏州市昆山市'],
    ['建国路88号', null],
    [42, null],
  ]
  for (const [v, want] of cases) t.equal(generalizeDistrict(v), want, String(v))
})

t.test('birth_year', async (t) => {
  const cases: Array<[CellValue, number | null]> = [
    ['11010519491231002X', 1949],
    ['11010519491231002x', 1949],
    [' 440524188001010014 ', 1880],
    ['11010519491231002Y', null],
    ['110105194912310021', null],
    [makeId('11010520990101001'), null],
    ['110105491231002', 1949], // 15-digit old ID
    ['１１０１０５１９４９１２３１００２Ｘ', 1949], // full-width
    ['110105 19491231 002X', 1949], // grouped
    ['110105\u00A019491231\u200B002x', 1949], // NBSP, zero-width space
    ['110105 491231 002', 1949],
    ['110105490230002', null],
    ['010105491231002', null],
    ['1101054912310', null],
    ['', null],
    [110105194912310020, null],
  ]
  for (const [v, want] of cases) t.equal(birthYear(v), want, String(v))
})

t.test('generalizerFor', async (t) => {
  const cases: Array<[Generalize, string]> = [
    ['year', 'integer'],
    ['month', 'string'],
    ['district', 'string'],
    ['birth_year', 'integer'],
    [{ bucket: 10 }, 'string'],
  ]
  for (const [g, type] of cases) t.equal(generalizerFor(g).type, type, JSON.stringify(g))
  t.equal(generalizerFor({ bucket: 10 }).fn(37), '30-39')
  for (const bad of [0, -5, 2.5, Number.NaN, '10']) {
    t.throws(() => generalizerFor({ bucket: bad as number }), /bucket must be a positive integer/, `bucket ${bad}`)
  }
  t.throws(() => generalizerFor('week' as Generalize), /unknown generalize: "week"/)
  t.equal(generalizeValue('2023-05-17', 'year'), 2023)
  t.equal(generalizeValue(null, 'year'), null)
})
