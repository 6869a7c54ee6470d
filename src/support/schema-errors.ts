import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * A TypeBox schema's complaints about a parsed file, worded for the person who edits that file
 * (catalog stewards, operators writing a tiers or holiday file): where (`fields[3].rule`, '' for the
 * whole value) and what was expected. A schema's `errorMessage` replaces TypeBox's generic wording
 * where the allowed values matter more than the type.
 */
export interface SchemaProblem {
  path: string
  message: string
}

export function schemaProblems(schema: TSchema, value: unknown): SchemaProblem[] {
  const problems = [...Value.Errors(schema, value)].map((error) => ({ path: pointerToPath(error.path), message: describe(error.schema, error.message, error.value) }))
  // TypeBox also says what type a missing property should have; "is required" already says all there is
  const missing = new Set(problems.filter((p) => p.message === REQUIRED).map((p) => p.path))
  return problems.filter((p) => p.message === REQUIRED || !missing.has(p.path))
}

const REQUIRED = 'is required'

function describe(schema: object, message: string, value: unknown): string {
  if (message === 'Expected required property') return REQUIRED
  if (message === 'Unexpected property') return 'unknown property'
  const custom = (schema as { errorMessage?: unknown }).errorMessage
  if (typeof custom === 'string') return `${custom} (got ${JSON.stringify(value)})`
  return message.charAt(0).toLowerCase() + message.slice(1)
}

/** `/fields/3/rule` → `fields[3].rule`: the path as a person editing the file writes it. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '')
}
