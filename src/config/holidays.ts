import path from 'node:path'
import { Type } from '@sinclair/typebox'
import { isIsoDate, type IsoDate } from '../support/calendar-date.ts'
import { checkSettings, ConfigError, parseSettingsYaml, readSettingsFile } from './load.ts'

/**
 * The holiday calendar for application deadlines: public holidays (days off on weekdays) and make-up
 * workdays (调休, weekends that are working days), as the State Council publishes them each year.
 * Read from GONGKAI_HOLIDAYS_FILE, else `_holidays.yaml` in the catalog directory when it exists;
 * without either, only weekends are days off. A malformed file stops the start: a wrong deadline
 * shown to an applicant is worse than not starting.
 */
export const HOLIDAYS_FILE = '_holidays.yaml'

export interface WorkingCalendar {
  holidays: ReadonlySet<IsoDate>
  workdays: ReadonlySet<IsoDate>
}

export const WEEKENDS_ONLY: WorkingCalendar = { holidays: new Set(), workdays: new Set() }

const DateList = Type.Array(Type.String())
const HolidaysFileSchema = Type.Object({ holidays: Type.Optional(DateList), workdays: Type.Optional(DateList) }, { additionalProperties: false })

export function parseHolidays(file: string, text: string): WorkingCalendar {
  const { holidays = [], workdays = [] } = checkSettings(file, parseSettingsYaml(file, text), HolidaysFileSchema)
  const bad = [...holidays.map((d, i) => [`holidays[${i}]`, d]), ...workdays.map((d, i) => [`workdays[${i}]`, d])]
    .filter(([, d]) => !isIsoDate(d as string))
  if (bad.length) throw new ConfigError(`${file}: ${bad.map(([p, d]) => `${p}: "${d}" is not a date YYYY-MM-DD`).join('; ')}`)
  const both = holidays.filter((d) => workdays.includes(d))
  if (both.length) throw new ConfigError(`${file}: ${both.join(', ')} listed both as holiday and as workday`)
  return { holidays: new Set(holidays), workdays: new Set(workdays) }
}

export function loadHolidays(env: NodeJS.ProcessEnv, catalogDir: string, cwd: string = process.cwd()): WorkingCalendar {
  const found = readSettingsFile(env, 'GONGKAI_HOLIDAYS_FILE', cwd, path.join(catalogDir, HOLIDAYS_FILE))
  return found ? parseHolidays(found.file, found.text) : WEEKENDS_ONLY
}
