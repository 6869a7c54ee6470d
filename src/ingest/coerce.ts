import type { CatalogField } from '../catalog/schema.ts'
import { VALUE_PARSERS } from '../catalog/values.ts'
import { compileLinearPattern } from '../catalog/linear-pattern.ts'
import type { CellValue } from '../desensitise/types.ts'
import { holdsExactly, significantDigits } from './exact-number.ts'

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
    // linear in the value's length: a backtracking RegExp could run for minutes on one value
    const matches = compileLinearPattern(c.pattern)
    checks.push((v) => (matches(String(v)) ? undefined : `does not match the pattern ${c.pattern}: ${show(String(v))}`))
  }
  if (c.enum !== undefined) {
    const allowed = new Set<unknown>(c.enum)
    checks.push((v) => (allowed.has(v) ? undefined : `must be one of ${c.enum?.join(', ')}, got ${show(String(v))}`))
  }
  return checks
}

const INTEGER_NUMERAL = /^\s*[+-]?\d+\s*$/

/**
 * A numeral a double cannot hold exactly (more than 15–17 significant digits): refused rather than
 * rounded, because such long numbers are identifiers (ID, card, account numbers), which are text.
 */
function inexact(type: CatalogField['type'], raw: string, value: CellValue | undefined): boolean {
  if (type === 'integer') return value === undefined && INTEGER_NUMERAL.test(raw)
  return type === 'number' && typeof value === 'number' && !holdsExactly(raw, value)
}

export function compileCoercer(field: CatalogField, options: { required: boolean; show: (value: string) => string }): Coercer {
  const { expected, parse } = VALUE_PARSERS[field.type]
  const checks = constraintChecks(field, options.show)
  const required = options.required || field.constraints?.required === true
  return (raw) => {
    if (raw === '') return required ? new Invalid('a value is required') : null
    const value = parse(raw)
    if (inexact(field.type, raw, value)) {
      // the value is not shown, even masked: so long a number is an identifier more often than not
      return new Invalid(
        `${significantDigits(raw)} significant digits are more than ${field.type === 'integer' ? 'an integer' : 'a number'} holds exactly ` +
          '(it would be stored rounded); declare the field as type: string (long codes and ID, card or account numbers are text)',
      )
    }
    if (value === undefined || value === null) return new Invalid(`expected ${expected}, got ${options.show(raw)}`)
    for (const check of checks) {
      const problem = check(value)
      if (problem !== undefined) return new Invalid(problem)
    }
    return value
  }
}
