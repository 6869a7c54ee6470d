import { NAME_PATTERN, type CatalogField } from '../catalog/schema.ts'
import { maskValue, redactText } from '../desensitise/index.ts'

const MAX_SHOWN = 40
const FIELD_NAME = new RegExp(NAME_PATTERN)

/**
 * A source value as it may appear in an error message or report: masked for personal fields,
 * redacted (embedded identifiers masked) for the rest, and shortened.
 */
export function describeValue(value: string, field: Pick<CatalogField, 'pii'>): string {
  return shorten(field.pii && field.pii !== 'none' ? maskValue(value, field.pii) : redactText(value))
}

/**
 * A header cell as it may appear in a message. A cell shaped like a field name is shown as it is
 * (the steward must see the typo). Any other cell may be data: in a file without a header row the
 * first row is read as the header, and it may hold a name, an ID and a mobile. Such a cell is masked:
 * identifiers found in it with their preset, other text as a name (only its first character kept).
 */
export function describeHeaderCell(cell: string): string {
  const name = cell.trim()
  if (FIELD_NAME.test(name)) return JSON.stringify(name)
  const redacted = redactText(name)
  return shorten(redacted !== name ? redacted : maskValue(name, 'name'))
}

function shorten(safe: string): string {
  const chars = [...safe]
  return JSON.stringify(chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}…` : safe)
}
