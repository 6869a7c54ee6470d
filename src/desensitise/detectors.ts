/**
 * Validated detectors of identifiers inside free text (SPEC §4.2): one table, used by `redact`
 * (redact.ts) and by the leak guard (leak-guard.ts).
 *
 * Boundaries: numeric identifiers (id_card, mobile, bank_card) must not touch other digits, and a
 * decimal point between digits counts as touching ("13812345678.00" is an amount, "0.13812345678" a
 * fraction: neither is a mobile). Letters may touch numeric identifiers ("a11010519491231002X" is an
 * ID). Alphanumeric identifiers (passport, credit_code, plate tail) must not touch letters or digits.
 *
 * Overlaps: the longest finding wins; on equal spans the earlier detector in the table wins, the
 * table being ordered by how specific the check is: id_card (birth date + MOD 11-2) > credit_code
 * (MOD 31) > bank_card (Luhn) > email > mobile > passport > plate. So an 18-digit ID is never also a
 * bank card or a credit code, a credit code never an ID, and an all-digit credit code that happens to
 * pass Luhn is reported as a credit code (not personal), not as a bank card.
 */
import { isValidYmd, todayKey, ymdKey } from './calendar.ts'

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
  value: string
}

export interface Finding extends Match {
  kind: DetectorKind
}

/** What a single cheap pass over the text tells us; lets detectors skip their regex. */
export interface TextProfile {
  length: number
  digits: number
  at: boolean
  /** an uppercase E or G (passport prefixes) */
  eg: boolean
  /** one of the province abbreviations that start a plate */
  province: boolean
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

const ID_RE = /(?<!\d)[1-8]\d{5}(?:18|19|20)\d\d[01]\d[0-3]\d{4}[\dXx](?!\d)/g
const MOBILE_RE =
  /(?<!\d|\d\.)(?:(?:\+|00)86[ -]?|86[ -]?)?1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})(?!\d|\.\d)/g
const BANK_RE = /(?<!\d|\d\.)(?:\d{16,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?)(?!\d|\.\d)/g
const PASSPORT_RE = /(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])/g
const CREDIT_RE = /(?<![A-Za-z0-9])[0-9A-HJ-NPQRTUWXY]{18}(?![A-Za-z0-9])/g

/** Province abbreviations that start a vehicle plate. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
// province + city letter + optional separator + 5 (ordinary) or 6 (new energy) alphanumerics
const PLATE_RE = new RegExp(`[${PLATE_PROVINCES}][A-Z][ ·•・-]?[A-Z0-9]{5,6}(?![A-Za-z0-9])`, 'g')

function findBankCards(text: string): Match[] {
  const out: Match[] = []
  BANK_RE.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = BANK_RE.exec(text)) !== null) {
    let value = m[0]
    let digits = m[1] === undefined ? value : value.replaceAll(m[1], '')
    if (!luhnValid(digits) && m[1] !== undefined && digits.length > 16) {
      // grouped form with a short tail group that spoils the check: try the 4×4 card alone
      value = value.slice(0, 19)
      digits = digits.slice(0, 16)
    }
    if (luhnValid(digits)) out.push({ start: m.index, end: m.index + value.length, value })
  }
  return out
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
    mayMatch: (p) => p.digits >= 17,
    find: (text) => scan(ID_RE, text, (s) => isValidIdCard(s)),
  },
  {
    kind: 'credit_code',
    personal: false,
    mayMatch: (p) => p.length >= 18,
    find: (text) => scan(CREDIT_RE, text, isValidCreditCode),
  },
  { kind: 'bank_card', personal: true, mayMatch: (p) => p.digits >= 16, find: findBankCards },
  { kind: 'email', personal: true, mayMatch: (p) => p.at, find: findEmails },
  {
    kind: 'mobile',
    personal: true,
    mayMatch: (p) => p.digits >= 11,
    find: (text) => scan(MOBILE_RE, text, null),
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

const PROVINCE_CHAR = new Uint8Array(65536)
for (const ch of PLATE_PROVINCES) PROVINCE_CHAR[ch.charCodeAt(0)] = 1

const profile: TextProfile = { length: 0, digits: 0, at: false, eg: false, province: false }

/** One pass over the text (no allocation: the returned object is reused by the next call). */
export function profileText(text: string): TextProfile {
  let digits = 0
  let at = false
  let eg = false
  let province = false
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c <= 57) {
      if (c >= 48) digits++
    } else if (c === 64) at = true
    else if (c === 69 || c === 71) eg = true
    else if (c >= 0x4e00 && PROVINCE_CHAR[c] === 1) province = true
  }
  profile.length = n
  profile.digits = digits
  profile.at = at
  profile.eg = eg
  profile.province = province
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

/** Every finding of every detector (credit codes included), non-overlapping, in text order. */
export function detectAll(text: string): Finding[] {
  const p = profileText(text)
  if (p.digits < 3 && !p.at && p.length < 18) return []
  const found: Ranked[] = []
  for (let i = 0; i < DETECTORS.length; i++) {
    const d = DETECTORS[i] as Detector
    if (d.mayMatch(p)) collect(d, i, text, found)
  }
  return resolve(found)
}

/**
 * The personal findings only (what redact masks and the leak guard reports), after the same
 * overlap resolution as detectAll: a span won by a credit code is not reported.
 */
export function detectPersonal(text: string): Finding[] {
  const p = profileText(text)
  if (p.digits < 3 && !p.at) return []
  const found: Ranked[] = []
  for (let i = 0; i < DETECTORS.length; i++) {
    const d = DETECTORS[i] as Detector
    if (d.personal && d.mayMatch(p)) collect(d, i, text, found)
  }
  if (found.length === 0) return []
  if (CREDIT.mayMatch(p)) collect(CREDIT, 1, text, found)
  return resolve(found).filter((f) => f.kind !== 'credit_code')
}
