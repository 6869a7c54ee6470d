import fs from 'node:fs'
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { parseDocument } from 'yaml'
import { isIsoDate } from '../access/dates.ts'
import { WEEKENDS_ONLY, type WorkingCalendar } from '../access/working-days.ts'
import { pointerToPath } from '../catalog/problems.ts'
import { ConfigError } from './env.ts'

/**
 * The holiday calendar for application deadlines: public holidays (days off on weekdays) and make-up
 * workdays (调休, weekends that are working days), as the State Council publishes them each year.
 * Read from GONGKAI_HOLIDAYS_FILE, else `_holidays.yaml` in the catalog directory when it exists;
 * without either, only weekends are days off. A malformed file stops the start: a wrong deadline
 * shown to an applicant is worse than not starting.
 */
export const HOLIDAYS_FILE = '_holidays.yaml'

const DateList = Type.Array(Type.String(), { default: [] })
const HolidaysFileSchema = Type.Object({ holidays: Type.Optional(DateList), workdays: Type.Optional(DateList) }, { additionalProperties: false })

export function parseHolidays(file: string, text: string): WorkingCalendar {
  const doc = parseDocument(text, { uniqueKeys: true })
  if (doc.errors.length) throw new ConfigError(`${file}: YAML syntax error: ${doc.errors[0]?.message.split('\n')[0]}`)
  const value = doc.toJS() ?? {}
  const problems = [...Value.Errors(HolidaysFileSchema, value)].map((e) => `${pointerToPath(e.path) || '(top)'}: ${e.message.toLowerCase()}`)
  if (problems.length) throw new ConfigError(`${file}: ${problems.join('; ')}`)
  const { holidays = [], workdays = [] } = value as { holidays?: string[]; workdays?: string[] }
  const bad = [...holidays.map((d, i) => [`holidays[${i}]`, d]), ...workdays.map((d, i) => [`workdays[${i}]`, d])]
    .filter(([, d]) => !isIsoDate(d as string))
  if (bad.length) throw new ConfigError(`${file}: ${bad.map(([p, d]) => `${p}: "${d}" is not a date YYYY-MM-DD`).join('; ')}`)
  const both = holidays.filter((d) => workdays.includes(d))
  if (both.length) throw new ConfigError(`${file}: ${both.join(', ')} listed both as holiday and as workday`)
  return { holidays: new Set(holidays), workdays: new Set(workdays) }
}

export function loadHolidays(env: NodeJS.ProcessEnv, catalogDir: string, cwd: string = process.cwd()): WorkingCalendar {
  const explicit = env.GONGKAI_HOLIDAYS_FILE
  const file = explicit ? path.resolve(cwd, explicit) : path.join(catalogDir, HOLIDAYS_FILE)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return WEEKENDS_ONLY
    throw new ConfigError(`GONGKAI_HOLIDAYS_FILE: cannot read ${file}: ${(error as Error).message}`)
  }
  return parseHolidays(file, text)
}
