/** Day keys (yyyymmdd) for checking birth dates inside identifiers against today; calendar validity is support/calendar-date.ts. */

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
