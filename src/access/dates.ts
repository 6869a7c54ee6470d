import type { IsoDate } from '../support/calendar-date.ts'

/**
 * Calendar dates (YYYY-MM-DD) for expiries and deadlines. They are days in the server's zone
 * (Asia/Shanghai in production), the zone in which administrators and applicants read them.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function formatDate(date: Date): IsoDate {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Today's date in the server's zone. */
export function localToday(now: number = Date.now()): IsoDate {
  return formatDate(new Date(now))
}

/** A date as a local-midnight Date, for day arithmetic. */
export function dateAtMidnight(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d)
}

/** Whether something valid through `expiresOn` (inclusive) has lapsed by `today`. */
export function hasLapsed(expiresOn: IsoDate | undefined, today: IsoDate): boolean {
  return expiresOn !== undefined && expiresOn < today
}
