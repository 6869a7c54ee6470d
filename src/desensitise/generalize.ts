/**
 * The `generalize` rule (SPEC §4.1). Each generaliser maps a non-null value to a coarser one, or to
 * null when the input cannot be generalised (never to the raw input).
 *
 * Output types (what publicFields declares):
 * - year: integer. From a date / datetime string ('2023-05-17', '2023-05-17T08:00:00+08:00' → 2023:
 *   the year as written, no time-zone conversion), a 'YYYY' string, or an integer (a `year` field).
 * - month: string 'YYYY-MM', from a date / datetime string.
 * - bucket n: string 'lo-hi' with lo = floor(v / n) · n and hi = lo + n − 1 (37, 10 → '30-39';
 *   5, 5 → '5-9'; −1, 10 → '-10--1'; 39.5, 10 → '30-39', i.e. [30, 40)). n must be a positive integer.
 *   Numeric strings are accepted.
 * - district: string, the address up to its district (address.ts: 区/县/旗, else 市, else province);
 *   an address without any administrative anchor gives null rather than a prefix that might be a street.
 * - birth_year: integer, from a valid 18-character ID (check character and birth date verified) or a
 *   15-digit old ID (19YYMMDD), read as the detectors read it (full-width forms, zero-width characters
 *   and separators between the groups are no obstacle); anything else gives null.
 */
import type { CellValue, FieldType, Generalize } from './types.ts'
import { districtEnd } from './address.ts'
import { isValidYmd } from '../support/calendar-date.ts'
import { isValidIdCard } from './detectors.ts'
import { normaliseText } from './normalise.ts'

const ID_SEPARATORS = /[\s./()-]/g

export type Generalizer = (value: CellValue) => CellValue

const YEAR_PREFIX = /^(\d{4})(?:$|[-T])/
const MONTH_PREFIX = /^(\d{4})-(0[1-9]|1[0-2])(?:$|[-T])/
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const OLD_ID = /^[1-8]\d{5}(\d\d)(\d\d)(\d\d)\d{3}$/

export function generalizeYear(v: CellValue): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null
  if (typeof v !== 'string') return null
  const m = YEAR_PREFIX.exec(v.trim())
  return m === null ? null : Number(m[1])
}

export function generalizeMonth(v: CellValue): string | null {
  if (typeof v !== 'string') return null
  const m = MONTH_PREFIX.exec(v.trim())
  return m === null ? null : `${m[1]}-${m[2]}`
}

function toNumber(v: CellValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v.trim())
  return null
}

export function generalizeBucket(v: CellValue, size: number): string | null {
  const x = toNumber(v)
  if (x === null) return null
  const lo = Math.floor(x / size) * size
  return `${lo}-${lo + size - 1}`
}

export function generalizeDistrict(v: CellValue): string | null {
  if (typeof v !== 'string') return null
  const s = v.trim()
  const end = districtEnd(s)
  return end < 0 ? null : s.slice(0, end)
}

export function birthYear(v: CellValue): number | null {
  if (typeof v !== 'string') return null
  // read as the detectors read it: full-width, zero-width characters and separators (110105 19491231 002X) aside
  const s = normaliseText(v).replace(ID_SEPARATORS, '').toUpperCase()
  if (s.length === 18) return isValidIdCard(s) ? Number(s.slice(6, 10)) : null
  const m = OLD_ID.exec(s)
  if (m === null) return null
  const y = 1900 + Number(m[1])
  return isValidYmd(y, Number(m[2]), Number(m[3])) ? y : null
}

export interface CompiledGeneralizer {
  fn: Generalizer
  /** the field type of the generalised values */
  type: FieldType
}

export function generalizerFor(g: Generalize): CompiledGeneralizer {
  if (typeof g === 'object' && g !== null) {
    const size = g.bucket
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      throw new Error(`generalize bucket must be a positive integer, got ${JSON.stringify(size)}`)
    }
    return { fn: (v) => generalizeBucket(v, size), type: 'string' }
  }
  switch (g) {
    case 'year':
      return { fn: generalizeYear, type: 'integer' }
    case 'month':
      return { fn: generalizeMonth, type: 'string' }
    case 'district':
      return { fn: generalizeDistrict, type: 'string' }
    case 'birth_year':
      return { fn: birthYear, type: 'integer' }
    default:
      throw new Error(`unknown generalize: ${JSON.stringify(g)}`)
  }
}

/** One-off generalisation (null stays null). */
export function generalizeValue(value: CellValue, g: Generalize): CellValue {
  return value === null ? null : generalizerFor(g).fn(value)
}
