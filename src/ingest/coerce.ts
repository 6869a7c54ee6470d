import type { CatalogField, FieldType } from '../catalog/schema.ts'
import type { CellValue } from '../desensitise/types.ts'

/**
 * Turns a CSV cell into a typed value and checks the field's constraints (SPEC §2, Frictionless
 * Table Schema vocabulary). A failure is an `Invalid` carrying the reason; the caller decides whether
 * it fails the ingest or rejects the row. `show` renders the offending value for messages, so that
 * personal data is masked before it can reach a report or a log.
 */
export class Invalid {
  constructor(readonly reason: string) {}
}

export type Coercer = (raw: string) => CellValue | Invalid

const INTEGER = /^[+-]?\d+$/
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/
const YEAR = /^\d{4}$/
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', '是'])
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', '否'])

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= days
}

function parseDate(raw: string): string | undefined {
  const m = DATE.exec(raw)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return isCalendarDate(y, mo, d) ? `${m[1]}-${pad(mo)}-${pad(d)}` : undefined
}

function parseDatetime(raw: string): string | undefined {
  const m = DATETIME.exec(raw)
  if (!m) return undefined
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) || h > 23 || mi > 59 || s > 59) return undefined
  const zone = m[8] === undefined ? '' : m[8] === 'Z' ? 'Z' : `${m[8].slice(0, 3)}:${m[8].slice(-2)}`
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad(s)}${m[7] ?? ''}${zone}`
}

const PARSERS: Readonly<Record<FieldType, { expected: string; parse: (raw: string) => CellValue | undefined }>> = {
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

type Check = (value: NonNullable<CellValue>) => string | undefined

function constraintChecks(field: CatalogField, show: (value: string) => string): Check[] {
  const c = field.constraints ?? {}
  const checks: Check[] = []
  if (c.minimum !== undefined) {
    const min = c.minimum
    checks.push((v) => (v < min ? `must be at least ${min}, got ${show(String(v))}` : undefined))
  }
  if (c.maximum !== undefined) {
    const max = c.maximum
    checks.push((v) => (v > max ? `must be at most ${max}, got ${show(String(v))}` : undefined))
  }
  if (c.minLength !== undefined) {
    const min = c.minLength
    checks.push((v) => ([...String(v)].length < min ? `must be at least ${min} characters long` : undefined))
  }
  if (c.maxLength !== undefined) {
    const max = c.maxLength
    checks.push((v) => ([...String(v)].length > max ? `must be at most ${max} characters long` : undefined))
  }
  if (c.pattern !== undefined) {
    const pattern = new RegExp(`^(?:${c.pattern})$`, 'u')
    checks.push((v) => (pattern.test(String(v)) ? undefined : `does not match the pattern ${c.pattern}: ${show(String(v))}`))
  }
  if (c.enum !== undefined) {
    const allowed = new Set<unknown>(c.enum)
    checks.push((v) => (allowed.has(v) ? undefined : `must be one of ${c.enum?.join(', ')}, got ${show(String(v))}`))
  }
  return checks
}

export function compileCoercer(field: CatalogField, options: { required: boolean; show: (value: string) => string }): Coercer {
  const { expected, parse } = PARSERS[field.type]
  const checks = constraintChecks(field, options.show)
  const required = options.required || field.constraints?.required === true
  return (raw) => {
    if (raw === '') return required ? new Invalid('a value is required') : null
    const value = parse(raw)
    if (value === undefined || value === null) return new Invalid(`expected ${expected}, got ${options.show(raw)}`)
    for (const check of checks) {
      const problem = check(value)
      if (problem !== undefined) return new Invalid(problem)
    }
    return value
  }
}
