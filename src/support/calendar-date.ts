/**
 * Calendar dates written YYYY-MM-DD: in catalog files (temporal), in the holiday calendar, and for
 * expiries and deadlines. The format is fixed-width, so such dates compare as plain strings.
 */
export type IsoDate = string

export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$'

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** True when y-m-d (month 1..12) is a real calendar date. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false
  if (m < 1 || m > 12 || d < 1) return false
  const max = m === 2 && isLeapYear(y) ? 29 : (DAYS[m - 1] as number)
  return d <= max
}

export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  return match !== null && isValidYmd(Number(match[1]), Number(match[2]), Number(match[3]))
}
