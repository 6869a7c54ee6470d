/**
 * Validated detectors of identifiers inside free text (SPEC §4.2): one table, used by `redact`
 * (redact.ts) and by the leak guard (leak-guard.ts).
 *
 * They read a normalised view of the text (normalise.ts: full-width forms folded, zero-width
 * characters dropped), so １３８１２３４５６７８ and 138\u200B12345678 are mobiles; findings carry
 * offsets into the original text. Plain text that normalising would not change is read as it is.
 *
 * Numeric identifiers (id_card, mobile, bank_card) are found in one piece or in groups joined by
 * separators (digit-runs.ts: 138 1234-5678, (138)12345678, 110105 19491231 002X, 6222 0212 3456 1234).
 *
 * Boundaries: numeric identifiers must not touch other digits, and for mobiles and cards a decimal
 * point between digits counts as touching ("13812345678.00" is an amount, "0.13812345678" a
 * fraction: neither is a mobile). Letters may touch numeric identifiers ("a11010519491231002X" is an
 * ID). Alphanumeric identifiers (passport, credit_code, plate tail) must not touch letters or digits.
 *
 * Overlaps: the longest finding wins; on equal spans the earlier detector in the table wins, the
 * table being ordered by how specific the check is: id_card (birth date + MOD 11-2) > credit_code
 * (MOD 31) > bank_card (Luhn) > email > mobile > passport > plate. So an 18-digit ID is never also a
 * bank card or a credit code, a credit code never an ID, and an all-digit credit code that happens to
 * pass Luhn is reported as a credit code (not personal), not as a bank card.
 */
import { isValidYmd } from '../support/calendar-date.ts'
import { todayKey, ymdKey } from './calendar.ts'
import { digitGroups, forEachRange, groupLength, rangeChars, rangeEnd, type DigitGroups } from './digit-runs.ts'
import {
  CLASS_AT,
  CLASS_DIGIT_SHIFT,
  CLASS_FOLD,
  CLASS_LETTER,
  CLASS_PROVINCE,
  PLATE_PROVINCES,
  charClasses,
  normaliseForDetection,
} from './normalise.ts'

export { PLATE_PROVINCES }

export type DetectorKind =
  | 'id_card'
  | 'credit_code'
  | 'bank_card'
  | 'email'
  | 'mobile'
  | 'passport'
  | 'plate'

export interface Match {
  /** UTF-16 offsets into the scanned text, end exclusive */
  start: number
  end: number
  /**
   * The identifier as the detectors read it: the normalised form of text.slice(start, end), equal
   * to it when the text needed no normalising. Never to be shown unmasked.
   */
  value: string
}

export interface Finding extends Match {
  kind: DetectorKind
}

/** What a single cheap pass over the text tells us; lets detectors skip their regex. */
export interface TextProfile {
  length: number
  /** ASCII digits, and the digits other forms (full-width, circled…) normalise to */
  digits: number
  /**
   * the most digits in one stretch of digits and separators (digit-runs.ts): at least the length of
   * any numeric identifier in the text
   */
  digitRun: number
  /** an '@', or a form of it (＠) */
  at: boolean
  /** an uppercase E or G (passport prefixes) */
  eg: boolean
  /** one of the province abbreviations that start a plate */
  province: boolean
  /**
   * a character that normalising changes for the detectors (normalise.ts); the flags above then
   * count what it becomes, except that a letter it becomes sets eg and province alike
   */
  fold: boolean
}

export interface Detector {
  kind: DetectorKind
  /** personal data (the leak guard and redact care); credit codes identify organisations */
  personal: boolean
  /** false means find() cannot match this text: skip it */
  mayMatch(p: TextProfile): boolean
  find(text: string): Match[]
}

// ---------------------------------------------------------------- check characters

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
export const MIN_BIRTH_YEAR = 1800

/**
 * 18-character resident ID: area code (first digit 1–8), a real calendar birth date between
 * 1800-01-01 and today, 3-digit sequence, ISO 7064 MOD 11-2 check character (a lowercase x is
 * accepted). The lower bound is 1800, not 1900, because SPEC §4.2 lists 440524188001010014 (born
 * 1880) as a valid vector; dates before 1800, after today or not in the calendar are rejected.
 */
export function isValidIdCard(s: string, today?: Date): boolean {
  if (s.length !== 18) return false
  const first = s.charCodeAt(0)
  if (first < 49 || first > 56) return false
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return false
    sum += c * (ID_WEIGHTS[i] as number)
  }
  const expected = ID_CHECK.charCodeAt(sum % 11)
  const last = s.charCodeAt(17)
  if (last !== expected && !(expected === 88 && last === 120)) return false
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  if (y < MIN_BIRTH_YEAR || !isValidYmd(y, m, d)) return false
  const limit = today === undefined ? todayKey() : ymdKey(today)
  return y * 10000 + m * 100 + d <= limit
}

/** Province-level area codes of the mainland, the only ones first-generation IDs were issued with. */
const PROVINCE_CODES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65])

/**
 * 15-digit first-generation resident ID (issued 1984–2004, still found in old records): area code of
 * a mainland province, birth date YYMMDD of the 1900s that is in the calendar, 3-digit sequence. It
 * has no check digit, hence the province test.
 */
export function isValidOldIdCard(s: string): boolean {
  if (s.length !== 15) return false
  for (let i = 0; i < 15; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  if (!PROVINCE_CODES.has(Number(s.slice(0, 2)))) return false
  return isValidYmd(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)))
}

/** Luhn (mod 10) check over a string of ASCII digits (at least 2). */
export function luhnValid(digits: string): boolean {
  const n = digits.length
  if (n < 2) return false
  let sum = 0
  let double = false
  for (let i = n - 1; i >= 0; i--) {
    let c = digits.charCodeAt(i) - 48
    if (c < 0 || c > 9) return false
    if (double) {
      c *= 2
      if (c > 9) c -= 9
    }
    sum += c
    double = !double
  }
  return sum % 10 === 0
}

const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const CC_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < CC_ALPHABET.length; i++) CC_VALUE[CC_ALPHABET.charCodeAt(i)] = i

function ccValue(code: number): number {
  return code < 128 ? (CC_VALUE[code] as number) : -1
}

/** 统一社会信用代码 (GB 32100): 18 characters over 0-9A-HJ-NPQRTUWXY, check char (31 − Σ mod 31) mod 31. */
export function isValidCreditCode(s: string): boolean {
  if (s.length !== 18) return false
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = ccValue(s.charCodeAt(i))
    if (v < 0) return false
    sum += v * (CC_WEIGHTS[i] as number)
  }
  return ccValue(s.charCodeAt(17)) === (31 - (sum % 31)) % 31
}

// ---------------------------------------------------------------- finders

function scan(re: RegExp, text: string, valid: ((s: string) => boolean) | null): Match[] {
  const out: Match[] = []
  re.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    const value = m[0]
    if (valid === null || valid(value)) out.push({ start: m.index, end: m.index + value.length, value })
  }
  return out
}

const PASSPORT_RE = /(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])/g
const CREDIT_RE = /(?<![A-Za-z0-9])[0-9A-HJ-NPQRTUWXY]{18}(?![A-Za-z0-9])/g

// province + city letter + optional separator + 5 (ordinary) or 6 (new energy) alphanumerics
const PLATE_RE = new RegExp(`[${PLATE_PROVINCES}][A-Z][ ·•・-]?[A-Z0-9]{5,6}(?![A-Za-z0-9])`, 'g')

/** In a range of several groups every group has at least 3 characters (a date's 12 or 01 breaks it). */
function groupsAtLeast3(g: DigitGroups, a: number, b: number): boolean {
  if (a === b) return true
  for (let i = a; i <= b; i++) if (groupLength(g, i) < 3) return false
  return true
}

function findIdCards(text: string): Match[] {
  const g = digitGroups(text)
  const out: Match[] = []
  forEachRange(g, 15, 18, false, true, (a, b, chars) => {
    if (chars === 16 || chars === 17 || !groupsAtLeast3(g, a, b)) return
    const value = rangeChars(g, a, b, true)
    if (chars === 18 ? isValidIdCard(value) : isValidOldIdCard(value)) {
      out.push({ start: g.start[a] as number, end: g.end[b] as number, value: text.slice(g.start[a], g.end[b]) })
    }
  })
  return out
}

/** 1[3-9] and 9 digits, after a country code 86 or 0086 (written +86, (+86), 0086, 86). */
function mobileBody(digits: string): number {
  const prefix = digits.length === 13 && digits.startsWith('86') ? 2 : digits.length === 15 && digits.startsWith('0086') ? 4 : 0
  if (digits.length - prefix !== 11 || digits.charCodeAt(prefix) !== 49) return -1
  const second = digits.charCodeAt(prefix + 1)
  return second >= 51 && second <= 57 ? prefix : -1
}

function findMobiles(text: string): Match[] {
  const g = digitGroups(text)
  const out: Match[] = []
  forEachRange(g, 11, 15, true, false, (a, b) => {
    const digits = rangeChars(g, a, b, false)
    const prefix = mobileBody(digits)
    if (prefix < 0) return
    // a country code may stand alone ("86 138 1234 5678"); the other groups have 3 digits or more
    const first = prefix === 2 && a < b && groupLength(g, a) === 2 ? a + 1 : a
    if (!groupsAtLeast3(g, first, b)) return
    let start = g.start[a] as number
    if (prefix > 0 && text.charCodeAt(start - 1) === 43) start-- // +86
    const end = rangeEnd(g, b, false)
    if (text.charCodeAt(start - 1) === 40 && text.slice(start, end).includes(')')) start-- // (138)… or (+86)…
    out.push({ start, end, value: text.slice(start, end) })
  })
  return out
}

/** Cards: 16–19 digits passing Luhn, in groups of 3 or more, or of 4 with a shorter last group. */
function findBankCards(text: string): Match[] {
  const g = digitGroups(text)
  const out: Match[] = []
  forEachRange(g, 16, 19, true, false, (a, b) => {
    if (!groupsAtLeast3(g, a, b) && !fourByFour(g, a, b)) return
    if (!luhnValid(rangeChars(g, a, b, false))) return
    const end = rangeEnd(g, b, false)
    out.push({ start: g.start[a] as number, end, value: text.slice(g.start[a], end) })
  })
  return out
}

/** Groups of exactly 4 before the last, which may be shorter: 6222 0212 3456 7890 12. */
function fourByFour(g: DigitGroups, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (groupLength(g, i) !== 4) return false
  return true
}

/** A plate's tail has at least 3 digits (rules out 京ABCDEF-like words). */
function plateValid(s: string): boolean {
  let digits = 0
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) digits++
  }
  return digits >= 3
}

const DOMAIN_RE = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/y

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 || // .
    c === 95 || // _
    c === 37 || // %
    c === 43 || // +
    c === 45 // -
  )
}

/** Emails are found from each '@' outwards (no regex scan from every position: linear time). */
function findEmails(text: string): Match[] {
  const out: Match[] = []
  let from = 0
  let floor = 0
  for (;;) {
    const at = text.indexOf('@', from)
    if (at < 0) break
    from = at + 1
    let s = at
    while (s > floor && isLocalChar(text.charCodeAt(s - 1))) s--
    while (s < at && text.charCodeAt(s) === 46) s++
    if (s === at) continue
    DOMAIN_RE.lastIndex = at + 1
    const m = DOMAIN_RE.exec(text)
    if (m === null) continue
    const end = at + 1 + m[0].length
    out.push({ start: s, end, value: text.slice(s, end) })
    floor = end
    from = end
  }
  return out
}

// ---------------------------------------------------------------- the table

/** Ordered by precedence (see the module comment). */
export const DETECTORS: readonly Detector[] = [
  {
    kind: 'id_card',
    personal: true,
    mayMatch: (p) => p.digitRun >= 15,
    find: findIdCards,
  },
  {
    kind: 'credit_code',
    personal: false,
    mayMatch: (p) => p.length >= 18,
    find: (text) => scan(CREDIT_RE, text, isValidCreditCode),
  },
  { kind: 'bank_card', personal: true, mayMatch: (p) => p.digitRun >= 16, find: findBankCards },
  { kind: 'email', personal: true, mayMatch: (p) => p.at, find: findEmails },
  {
    kind: 'mobile',
    personal: true,
    mayMatch: (p) => p.digitRun >= 11,
    find: findMobiles,
  },
  {
    kind: 'passport',
    personal: true,
    mayMatch: (p) => p.eg && p.digits >= 7,
    find: (text) => scan(PASSPORT_RE, text, null),
  },
  {
    kind: 'plate',
    personal: true,
    mayMatch: (p) => p.province && p.digits >= 3,
    find: (text) => scan(PLATE_RE, text, plateValid),
  },
]

const CREDIT = DETECTORS[1] as Detector

// ---------------------------------------------------------------- profile + resolution

const profile: TextProfile = { length: 0, digits: 0, digitRun: 0, at: false, eg: false, province: false, fold: false }

/** One pass over the text (no allocation: the returned object is reused by the next call). */
export function profileText(text: string): TextProfile {
  let digits = 0
  let at = false
  let eg = false
  let classes = 0
  let run = 0
  let longest = 0
  let gap = 0
  const table = charClasses()
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c <= 57) {
      if (c >= 48) {
        digits++
        if (++run > longest) longest = run
        gap = 0
      } else if (c === 32 || (c >= 40 && c <= 47 && c !== 42 && c !== 43 && c !== 44)) {
        if (++gap > 3) run = 0
      } else run = 0
      continue
    }
    if (c === 64) at = true
    else if (c === 69 || c === 71) eg = true
    else if (c >= 0x80) {
      const k = table[c] as number
      if (k !== 0) {
        classes |= k
        digits += k >> CLASS_DIGIT_SHIFT
        // what a character becomes is not known here: it may be digits or a separator, never a break
        if ((k & CLASS_FOLD) !== 0) {
          run += k >> CLASS_DIGIT_SHIFT
          if (run > longest) longest = run
          continue
        }
      }
    }
    run = 0
  }
  profile.digitRun = longest
  profile.length = n
  profile.digits = digits
  profile.at = at || (classes & CLASS_AT) !== 0
  const letter = (classes & CLASS_LETTER) !== 0
  profile.eg = eg || letter
  profile.province = letter || (classes & CLASS_PROVINCE) !== 0
  profile.fold = (classes & CLASS_FOLD) !== 0
  return profile
}

/** Cheap test: false means detectPersonal(text) is certainly empty. */
export function mayContainPersonal(text: string): boolean {
  const p = profileText(text)
  return p.digits >= 3 || p.at
}

interface Ranked extends Finding {
  rank: number
}

function collect(d: Detector, rank: number, text: string, into: Ranked[]): void {
  for (const m of d.find(text)) into.push({ kind: d.kind, start: m.start, end: m.end, value: m.value, rank })
}

function resolve(found: Ranked[]): Finding[] {
  if (found.length > 1) {
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start)
    const kept: Ranked[] = []
    for (const f of found) {
      if (kept.every((k) => f.end <= k.start || f.start >= k.end)) kept.push(f)
    }
    kept.sort((a, b) => a.start - b.start)
    found = kept
  }
  return found.map(({ kind, start, end, value }) => ({ kind, start, end, value }))
}

function detectIn(text: string, p: TextProfile, personalOnly: boolean): Finding[] {
  const found: Ranked[] = []
  for (let i = 0; i < DETECTORS.length; i++) {
    const d = DETECTORS[i] as Detector
    if ((d.personal || !personalOnly) && d.mayMatch(p)) collect(d, i, text, found)
  }
  if (!personalOnly) return resolve(found)
  if (found.length === 0) return []
  if (CREDIT.mayMatch(p)) collect(CREDIT, 1, text, found)
  return resolve(found).filter((f) => f.kind !== 'credit_code')
}

function anyMayMatch(p: TextProfile, personalOnly: boolean): boolean {
  for (let i = 0; i < DETECTORS.length; i++) {
    const d = DETECTORS[i] as Detector
    if ((d.personal || !personalOnly) && d.mayMatch(p)) return true
  }
  return false
}

function detect(text: string, personalOnly: boolean): Finding[] {
  const p = profileText(text)
  if (p.digits < 3 && !p.at && (personalOnly || p.length < 18)) return []
  if (!p.fold) return detectIn(text, p, personalOnly)
  if (!anyMayMatch(p, personalOnly)) return []
  const n = normaliseForDetection(text)
  const found = detectIn(n.text, profileText(n.text), personalOnly)
  const { start, end } = n
  if (start !== null && end !== null) {
    for (const f of found) {
      f.start = start[f.start] as number
      f.end = end[f.end - 1] as number
    }
  }
  return found
}

/** Every finding of every detector (credit codes included), non-overlapping, in text order. */
export function detectAll(text: string): Finding[] {
  return detect(text, false)
}

/**
 * The personal findings only (what redact masks and the leak guard reports), after the same
 * overlap resolution as detectAll: a span won by a credit code is not reported.
 */
export function detectPersonal(text: string): Finding[] {
  return detect(text, true)
}
