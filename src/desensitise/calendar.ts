/** Calendar arithmetic used to validate birth dates inside identifiers. */

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

/** yyyymmdd as a number, in local time (the server's zone, Asia/Shanghai in production). */
export function ymdKey(date: Date): number {
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate()
}

let cachedToday = 0
let cachedFrom = 0
let cachedUntil = 0

/** Today's yyyymmdd, recomputed at most once per local day (cheap on hot paths). */
export function todayKey(now: number = Date.now()): number {
  if (now >= cachedUntil || now < cachedFrom) {
    const d = new Date(now)
    cachedToday = ymdKey(d)
    cachedFrom = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
    cachedUntil = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime()
  }
  return cachedToday
}
