import { isValidYmd } from '../support/calendar-date.ts'
import type { FieldType } from './schema.ts'

/**
 * A value of a field type: text, a number, a boolean, or null. Dates and datetimes are ISO strings
 * ('YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SS' maybe with Z / offset); years are numbers.
 */
export type CellValue = string | number | boolean | null

/**
 * Reading one text value as a field type: the same rules for a CSV cell at ingest and for a filter
 * value in a query, so `amount__gt=1e3` means what `1e3` means in a source file.
 */
const INTEGER = /^[+-]?\d+$/
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/
const YEAR = /^\d{4}$/
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', '是'])
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', '否'])

const pad = (n: number): string => String(n).padStart(2, '0')

function parseDate(raw: string): string | undefined {
  const m = DATE.exec(raw)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return isValidYmd(y, mo, d) ? `${m[1]}-${pad(mo)}-${pad(d)}` : undefined
}

function parseDatetime(raw: string): string | undefined {
  const m = DATETIME.exec(raw)
  if (!m) return undefined
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (!isValidYmd(Number(m[1]), Number(m[2]), Number(m[3])) || h > 23 || mi > 59 || s > 59) return undefined
  const zone = m[8] === undefined ? '' : m[8] === 'Z' ? 'Z' : `${m[8].slice(0, 3)}:${m[8].slice(-2)}`
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad(s)}${m[7] ?? ''}${zone}`
}

export const VALUE_PARSERS: Readonly<Record<FieldType, { expected: string; parse: (raw: string) => CellValue | undefined }>> = {
  string: { expected: 'text', parse: (raw) => raw },
  integer: {
    expected: 'an integer',
    parse: (raw) => {
      const t = raw.trim()
      if (!INTEGER.test(t)) return undefined
      const n = Number(t)
      return Number.isSafeInteger(n) ? n : undefined
    },
  },
  number: {
    expected: 'a number',
    parse: (raw) => {
      const t = raw.trim()
      if (!NUMBER.test(t)) return undefined
      const n = Number(t)
      return Number.isFinite(n) ? n : undefined
    },
  },
  boolean: {
    expected: 'true or false (also 是/否, yes/no, 1/0)',
    parse: (raw) => {
      const t = raw.trim().toLowerCase()
      return TRUE_WORDS.has(t) ? true : FALSE_WORDS.has(t) ? false : undefined
    },
  },
  date: { expected: 'a date YYYY-MM-DD', parse: (raw) => parseDate(raw.trim()) },
  datetime: { expected: 'a date and time YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]', parse: (raw) => parseDatetime(raw.trim()) },
  year: { expected: 'a year YYYY', parse: (raw) => (YEAR.test(raw.trim()) ? Number(raw.trim()) : undefined) },
}
