/**
 * Dates and datetimes as ingest stores them (catalog/values.ts normalises them to
 * `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH:MM]`) turned into epoch milliseconds for Arrow.
 * A datetime with a zone is an instant and becomes UTC; one without is a wall-clock time and is
 * encoded as if it were UTC, which is what Arrow's timestamp without a time zone means.
 * Digits beyond milliseconds are dropped (the Arrow column's unit is ms).
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/

// Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms))
  date.setUTCFullYear(year)
  return date.getTime()
}

export function dateToEpochMs(text: string): number {
  const m = DATE.exec(text)
  if (!m) throw new Error(`not a stored date: ${JSON.stringify(text)}`)
  return utc(Number(m[1]), Number(m[2]), Number(m[3]))
}

export function datetimeToEpochMs(text: string): number {
  const m = DATETIME.exec(text)
  if (!m) throw new Error(`not a stored datetime: ${JSON.stringify(text)}`)
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  const wall = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms)
  const zone = m[8]
  if (zone === undefined || zone === 'Z') return wall
  const offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  return wall - offsetMinutes * 60_000
}
