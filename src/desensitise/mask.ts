/**
 * The `mask` rule (SPEC §4.1): characters replaced by `*`, by a per-`pii` preset or by a custom
 * `{ keep_start, keep_end }`. Lengths count Unicode code points, one `*` per masked code point
 * (except bank cards, shown in a fixed grouped format).
 *
 * Presets (and decisions where the spec is silent):
 * - name: keep the first code point (张三丰→张**); a one-character name becomes `*`.
 * - id_card: 18 characters keep 6 + 4 (110105********002X); old 15-digit IDs keep 6 + 3; written in
 *   groups (110105 19491231 002X) the same characters are kept and the separators too; else generic.
 * - mobile: keep the first 3 and last 4 digits (138****5678), a leading +86 / 0086 / 86 prefix is kept
 *   as written, separators are kept (138-****-5678, (+86)138****5678); fewer than 11 digits: generic.
 * - phone: a mobile number in a phone field is masked as a mobile; otherwise the area code (0xx / 0xxx,
 *   with its separator or parenthesis; without one, 3 digits for 01x/02x else 4) and the last 2 digits
 *   are kept, other digits masked, separators kept: 010-******78.
 * - bank_card: first 4 and last 4 digits, a `****` group for every started group of 4 hidden digits:
 *   16 digits 6222 **** **** 1234; 17–19 digits 6222 **** **** **** 0128; fewer than 12 digits: generic.
 * - email: first code point of the local part + one `*` per further code point, domain kept
 *   (zhang.san@gov.cn→z********@gov.cn); a one-character local part becomes `*`; no '@': generic.
 * - address: kept up to the district (address.ts: 区/县/旗, else 市, else province), the rest one `*`
 *   per code point; no administrative anchor: only the first code point kept.
 * - plate: province + city letter kept, last character kept, the characters between masked, separators
 *   kept: 京A12345→京A****5, 沪AD12345→沪A*****5.
 * - passport: first character and last 2 kept: E******78.
 * - none / no pii: generic — first and last code point kept; 2 code points or fewer: all `*`.
 * - custom { keep_start, keep_end }: when keep_start + keep_end ≥ length the mask must still hide
 *   something: keep_end is ignored and at most length − 1 leading code points are kept. How much a
 *   custom mask may keep of each personal kind is bounded (catalog/mask-bounds.ts).
 * Presets of identifier kinds (id_card, mobile, phone, bank_card, email, plate, passport) mask the
 * value as the detectors read it: full-width forms folded, zero-width characters dropped.
 */
import type { PiiKind } from './types.ts'
import { districtEnd } from './address.ts'
import { normaliseText } from './normalise.ts'

export interface CustomMask {
  keep_start: number
  keep_end: number
}

export type Masker = (value: string) => string

const SURROGATE = /[\uD800-\uDFFF]/

/** Length in Unicode code points. */
export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length
  let n = 0
  for (const _ of s) n++
  return n
}

/** Keep `ks` leading and `ke` trailing code points, one `*` per code point between (ks + ke ≤ length). */
function keepEnds(s: string, ks: number, ke: number): string {
  if (!SURROGATE.test(s)) {
    const n = s.length
    return s.slice(0, ks) + '*'.repeat(n - ks - ke) + s.slice(n - ke)
  }
  const cps = Array.from(s)
  const n = cps.length
  return cps.slice(0, ks).join('') + '*'.repeat(n - ks - ke) + cps.slice(n - ke).join('')
}

export function maskGeneric(s: string): string {
  const n = codePointLength(s)
  return n <= 2 ? '*'.repeat(n) : keepEnds(s, 1, 1)
}

export function maskCustom(s: string, keepStart: number, keepEnd: number): string {
  const n = codePointLength(s)
  const ks = Math.max(0, Math.floor(keepStart))
  const ke = Math.max(0, Math.floor(keepEnd))
  if (ks + ke >= n) return keepEnds(s, Math.max(0, Math.min(ks, n - 1)), 0)
  return keepEnds(s, ks, ke)
}

function maskFirstOnly(s: string): string {
  const n = codePointLength(s)
  return n <= 1 ? '*'.repeat(n) : keepEnds(s, 1, 0)
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function countDigits(s: string): number {
  let d = 0
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) d++
  return d
}

/** Mask every digit but the first `first` and the last `last` ones; other characters kept. */
function maskDigits(s: string, first: number, last: number): string {
  const total = countDigits(s)
  let seen = 0
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    if (isDigit(s.charCodeAt(i))) {
      out += seen < first || seen >= total - last ? ch : '*'
      seen++
    } else out += ch
  }
  return out
}

/** An ID written in groups: digits (and a final X) with the separators the detectors accept between them. */
const GROUPED_ID = /^[0-9](?:[ ./()-]{0,3}[0-9])*[Xx]?$/

function maskIdCard(s: string): string {
  if (SURROGATE.test(s)) return maskGeneric(s)
  if (s.length === 18) return keepEnds(s, 6, 4)
  if (s.length === 15) return keepEnds(s, 6, 3)
  if (!GROUPED_ID.test(s)) return maskGeneric(s)
  const x = /[Xx]$/.test(s) ? 1 : 0
  const significant = countDigits(s) + x
  if (significant === 18) return maskDigits(s, 6, 4 - x)
  if (significant === 15 && x === 0) return maskDigits(s, 6, 3)
  return maskGeneric(s)
}

/** Digits of a country code before the 11 digits of a mobile: 86 or 0086, else 0. */
function countryCodeDigits(digits: string): number {
  const body = (from: number) => digits.length === from + 11 && /^1[3-9]/.test(digits.slice(from))
  if (digits.startsWith('0086') && body(4)) return 4
  if (digits.startsWith('86') && body(2)) return 2
  return 0
}

function maskMobile(s: string): string {
  const n = countDigits(s)
  const prefix = n === 13 || n === 15 ? countryCodeDigits(s.replace(/\D/g, '')) : 0
  if (n - prefix < 11) return maskGeneric(s)
  return maskDigits(s, prefix + 3, 4)
}

const MOBILE_SHAPE = /^(?:(?:\+|00)?86)?1[3-9]\d{9}$/
const AREA_WITH_SEPARATOR = /^\(0\d{2,3}\)[ -]?|^0\d{2,3}[ -]/
const AREA_BARE = /^0\d/

function maskPhone(s: string): string {
  if (MOBILE_SHAPE.test(s.replace(/[\s()-]/g, ''))) return maskMobile(s)
  let prefix = ''
  const sep = AREA_WITH_SEPARATOR.exec(s)
  if (sep !== null) prefix = sep[0]
  else if (AREA_BARE.test(s)) prefix = s.slice(0, s[1] === '1' || s[1] === '2' ? 3 : 4)
  const body = s.slice(prefix.length)
  if (countDigits(body) <= 2) return maskGeneric(s)
  return prefix + maskDigits(body, 0, 2)
}

function maskBankCard(s: string): string {
  const digits = s.replace(/\D/g, '')
  const n = digits.length
  if (n < 12) return maskGeneric(s)
  return `${digits.slice(0, 4)} ${'**** '.repeat(Math.ceil((n - 8) / 4))}${digits.slice(n - 4)}`
}

function maskEmail(s: string): string {
  const at = s.lastIndexOf('@')
  if (at <= 0) return maskGeneric(s)
  return maskFirstOnly(s.slice(0, at)) + s.slice(at)
}

function maskAddress(s: string): string {
  const end = districtEnd(s)
  if (end < 0) return maskFirstOnly(s)
  const rest = s.slice(end)
  return s.slice(0, end) + '*'.repeat(codePointLength(rest))
}

function isAlnum(ch: string): boolean {
  return /^[A-Za-z0-9]$/.test(ch)
}

function maskPlate(s: string): string {
  const cps = Array.from(s)
  const n = cps.length
  if (n < 4) return maskGeneric(s)
  let last = n - 1
  while (last > 1 && !isAlnum(cps[last] as string)) last--
  let out = (cps[0] as string) + (cps[1] as string)
  for (let i = 2; i < n; i++) {
    const ch = cps[i] as string
    out += i === last || !isAlnum(ch) ? ch : '*'
  }
  return out
}

function maskPassport(s: string): string {
  return codePointLength(s) <= 3 ? maskGeneric(s) : keepEnds(s, 1, 2)
}

/**
 * Identifier kinds whose presets count digits and letters: a value is masked in the form the
 * detectors read (normalise.ts), so １３８１２３４５６７８ is 138****5678 like its ASCII spelling rather
 * than falling back to the generic mask, and a zero-width character does not shift what is kept.
 */
function readNormalised(preset: Masker): Masker {
  return (s) => preset(normaliseText(s))
}

const PRESETS: Record<PiiKind, Masker> = {
  name: maskFirstOnly,
  id_card: readNormalised(maskIdCard),
  mobile: readNormalised(maskMobile),
  phone: readNormalised(maskPhone),
  bank_card: readNormalised(maskBankCard),
  email: readNormalised(maskEmail),
  address: maskAddress,
  plate: readNormalised(maskPlate),
  passport: readNormalised(maskPassport),
  none: maskGeneric,
}

/** The masking function for a field, chosen once (rules.ts compiles it per field). */
export function maskerFor(pii: PiiKind | undefined, custom?: CustomMask): Masker {
  if (custom !== undefined) {
    const { keep_start, keep_end } = custom
    return (s) => maskCustom(s, keep_start, keep_end)
  }
  // an unknown pii (a catalog not validated) falls back to the generic mask, never to no mask
  return (pii === undefined ? undefined : PRESETS[pii]) ?? maskGeneric
}

export function maskValue(value: string, pii: PiiKind | undefined, custom?: CustomMask): string {
  return maskerFor(pii, custom)(value)
}
