/**
 * Check characters of Chinese identifiers (exported for the generators, the tests and anyone else).
 *
 * - 居民身份证号 (GB 11643-1999): ISO 7064 MOD 11-2.
 * - 银行卡号: Luhn (ISO/IEC 7812).
 * - 组织机构代码 (GB 11714-1997): MOD 11 over 8 characters.
 * - 统一社会信用代码 (GB 32100-2015): MOD 31 over 17 characters.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const ID_CHECK = '10X98765432'

/** The 18th character of a resident ID number from its first 17 digits. */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError(`idCardCheckChar: need 17 digits, got ${JSON.stringify(first17)}`)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number)
  return ID_CHECK[sum % 11] as string
}

/** true for a calendar date given as numbers (proleptic Gregorian). */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number
  return day <= days
}

/**
 * true for a well-formed 18-character resident ID number: area code whose first digit is 1–8, a valid
 * birth date (year 1800–2099), a 3-digit sequence and the right check character (upper-case X only).
 */
export function isValidIdCard(id: string): boolean {
  if (!/^[1-8]\d{16}[\dX]$/.test(id)) return false
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  if (year < 1800 || year > 2099 || !isValidDate(year, month, day)) return false
  return idCardCheckChar(id.slice(0, 17)) === id[17]
}

/** The Luhn check digit to append to `partial` (digits only). */
export function luhnCheckDigit(partial: string): string {
  if (!/^\d+$/.test(partial)) throw new TypeError(`luhnCheckDigit: need digits, got ${JSON.stringify(partial)}`)
  let sum = 0
  // Walking from the right, the digit next to the (future) check digit is doubled.
  for (let i = partial.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = partial.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

/** true when a digit string passes the Luhn check. */
export function isLuhnValid(num: string): boolean {
  if (!/^\d{2,}$/.test(num)) return false
  return luhnCheckDigit(num.slice(0, -1)) === num[num.length - 1]
}

/** Characters of 统一社会信用代码, in value order (I, O, Z, S, V are not used). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** The 18th character of a unified social credit code from its first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new TypeError(`creditCodeCheckChar: need 17 characters, got ${first17.length}`)
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i] as string)
    if (v < 0) throw new TypeError(`creditCodeCheckChar: bad character ${JSON.stringify(first17[i])}`)
    sum += v * (CREDIT_WEIGHTS[i] as number)
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] as string
}

/** true for an 18-character unified social credit code with the right check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false
  return creditCodeCheckChar(code.slice(0, 17)) === code[17]
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const

/** The 9th character of an organisation code (组织机构代码, GB 11714) from its first 8 characters. */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new TypeError(`orgCodeCheckChar: need 8 of [0-9A-Z], got ${JSON.stringify(first8)}`)
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i)
    const v = c <= 57 ? c - 48 : c - 55 // '0'..'9' → 0..9, 'A'..'Z' → 10..35
    sum += v * (ORG_WEIGHTS[i] as number)
  }
  const r = 11 - (sum % 11)
  return r === 10 ? 'X' : r === 11 ? '0' : String(r)
}

/** true for a 9-character organisation code with the right check character. */
export function isValidOrgCode(code: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false
  return orgCodeCheckChar(code.slice(0, 8)) === code[8]
}
