import type { IsoDate } from '../support/calendar-date.ts'
import type { WorkingCalendar } from '../config/holidays.ts'
import { dateAtMidnight, formatDate } from './dates.ts'

/**
 * Working-day arithmetic for reply deadlines (政府信息公开条例 Art. 33: 20 working days). Weekends are
 * days off unless the calendar (config/holidays.ts) lists them as make-up workdays (调休); listed
 * holidays are days off whatever the weekday.
 */

export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar): boolean {
  if (calendar.workdays.has(date)) return true
  if (calendar.holidays.has(date)) return false
  const weekday = dateAtMidnight(date).getDay()
  return weekday !== 0 && weekday !== 6
}

/**
 * The `count`-th working day after `start`. The day of submission itself is never counted (the
 * period starts the next day), so a Friday submission with count 1 is due the following Monday.
 */
export function addWorkingDays(start: IsoDate, count: number, calendar: WorkingCalendar): IsoDate {
  const day = dateAtMidnight(start)
  let remaining = count
  while (remaining > 0) {
    day.setDate(day.getDate() + 1)
    if (isWorkingDay(formatDate(day), calendar)) remaining--
  }
  return formatDate(day)
}

export const REPLY_WORKING_DAYS = 20
