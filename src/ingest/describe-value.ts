import type { CatalogField } from '../catalog/schema.ts'
import { maskValue, redactText } from '../desensitise/index.ts'

const MAX_SHOWN = 40

/**
 * A source value as it may appear in an error message or report: masked for personal fields,
 * redacted (embedded identifiers masked) for the rest, and shortened.
 */
export function describeValue(value: string, field: Pick<CatalogField, 'pii'>): string {
  const safe = field.pii && field.pii !== 'none' ? maskValue(value, field.pii) : redactText(value)
  const chars = [...safe]
  return JSON.stringify(chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}…` : safe)
}
