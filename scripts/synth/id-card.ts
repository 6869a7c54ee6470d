/**
 * 18-digit resident identity card numbers (居民身份证号码, GB 11643-1999):
 * 6-digit area code + 8-digit birth date + 3-digit sequence (odd = male) + check character.
 */
import { idCardCheckChar } from './check-digits.ts'
import { dateBetween } from './dates.ts'
import type { Sex } from './names.ts'
import type { Rng } from './random.ts'
import { ALL_AREA_CODES } from './regions.ts'

export interface IdCardOptions {
  /** 6-digit area code; default: one of the gazetteer's codes. */
  areaCode?: string
  /** Exact birth date `YYYY-MM-DD`; otherwise random in [birthFrom, birthTo]. */
  birthDate?: string
  /** Default 1940-01-01. */
  birthFrom?: string
  /** Default 2005-12-31. */
  birthTo?: string
  /** Encoded in the parity of the sequence number. */
  sex?: Sex
}

export interface IdCard {
  readonly id: string
  readonly areaCode: string
  readonly birthDate: string
  readonly sex: Sex
}

/** A resident ID number with its parts. */
export function idCardDetailed(rng: Rng, opts: IdCardOptions = {}): IdCard {
  const areaCode = opts.areaCode ?? rng.pick(ALL_AREA_CODES)
  if (!/^[1-8]\d{5}$/.test(areaCode)) throw new TypeError(`idCard: bad area code ${areaCode}`)
  const birthDate = opts.birthDate ?? dateBetween(rng, opts.birthFrom ?? '1940-01-01', opts.birthTo ?? '2005-12-31')
  const sex: Sex = opts.sex ?? (rng.chance(0.5) ? 'M' : 'F')
  // sequence 001–999; odd for men, even for women
  let seq = rng.int(0, 499) * 2 + (sex === 'M' ? 1 : 2)
  if (seq > 999) seq -= 2
  const first17 = areaCode + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0')
  return { id: first17 + idCardCheckChar(first17), areaCode, birthDate, sex }
}

/** A resident ID number, e.g. 11010519491231002X. */
export function idCardNumber(rng: Rng, opts: IdCardOptions = {}): string {
  return idCardDetailed(rng, opts).id
}

/** Birth date `YYYY-MM-DD` encoded in an ID number. */
export function idCardBirthDate(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** Sex encoded in an ID number. */
export function idCardSex(id: string): Sex {
  return Number(id[16]) % 2 === 1 ? 'M' : 'F'
}
