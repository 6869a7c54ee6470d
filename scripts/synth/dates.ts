/**
 * Dates as ISO strings, computed in UTC day numbers (no time zone or locale dependence).
 */
import type { Rng } from './random.ts'

import { isValidDate } from './check-digits.ts'

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** [year, month, day] of a day number (civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d]
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 for an ISO date `YYYY-MM-DD`. */
export function epochDay(iso: string): number {
  const m = ISO_DATE.exec(iso)
  if (!m) throw new TypeError(`epochDay: not a date: ${JSON.stringify(iso)}`)
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (!isValidDate(y, mo, d)) throw new RangeError(`epochDay: invalid date: ${iso}`)
  return daysFromCivil(y, mo, d)
}

/** ISO date `YYYY-MM-DD` of a day number (years 0–9999). */
export function isoDate(day: number): string {
  const [y, m, d] = civilFromDays(day)
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

/** `YYYY-MM-DD` + n days. */
export function addDays(iso: string, n: number): string {
  return isoDate(epochDay(iso) + n)
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(iso: string): number {
  return (((epochDay(iso) + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday
}

const boundCache = new Map<string, number>()

/** epochDay with a small cache, for range bounds that are used over and over. */
function boundDay(iso: string): number {
  let d = boundCache.get(iso)
  if (d === undefined) {
    d = epochDay(iso)
    if (boundCache.size > 256) boundCache.clear()
    boundCache.set(iso, d)
  }
  return d
}

/** A uniformly random day number in [from, to] (inclusive). */
export function dayBetween(rng: Rng, from: string, to: string): number {
  return rng.int(boundDay(from), boundDay(to))
}

/** A uniformly random date in [from, to] (inclusive), ISO `YYYY-MM-DD`. */
export function dateBetween(rng: Rng, from: string, to: string): string {
  return isoDate(dayBetween(rng, from, to))
}

/** A random working day (Monday–Friday) in [from, to]. */
export function workdayBetween(rng: Rng, from: string, to: string): string {
  for (;;) {
    const date = dateBetween(rng, from, to)
    const w = weekday(date)
    if (w !== 0 && w !== 6) return date
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** `HH:MM:SS` from seconds since midnight. */
export function clockTime(seconds: number): string {
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`
}

export interface DatetimeOptions {
  /** Only Monday–Friday 08:30–17:30 (office hours). */
  officeHours?: boolean
}

/** A random local date-time `YYYY-MM-DDTHH:MM:SS` (no zone) with its date in [from, to]. */
export function datetimeBetween(rng: Rng, from: string, to: string, opts: DatetimeOptions = {}): string {
  if (opts.officeHours) {
    const date = workdayBetween(rng, from, to)
    return `${date}T${clockTime(8 * 3600 + 1800 + rng.int(0, 9 * 3600 - 1))}`
  }
  return `${dateBetween(rng, from, to)}T${clockTime(rng.int(0, 86_399))}`
}

/** Whole years between a birth date and a reference date (both ISO). */
export function ageOn(birth: string, on: string): number {
  let age = Number(on.slice(0, 4)) - Number(birth.slice(0, 4))
  if (on.slice(5) < birth.slice(5)) age--
  return age
}
