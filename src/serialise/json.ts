import type { CellValue } from '../desensitise/types.ts'
import { cellOf, type OutputField } from './fields.ts'

/**
 * A query page as a JSON array of objects in field order, built as text directly (no intermediate
 * objects): null is null, booleans true/false, numbers their shortest form, text JSON strings.
 */
function jsonValue(value: CellValue): string {
  if (value === null) return 'null'
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

export function rowsToJson(rows: ReadonlyArray<readonly CellValue[]>, fields: readonly OutputField[]): string {
  const prefixes = fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`)
  const parts = rows.map((row) => {
    let text = ''
    for (let i = 0; i < fields.length; i++) text += prefixes[i] + jsonValue(cellOf(row[i], (fields[i] as OutputField).type))
    return fields.length ? `${text}}` : '{}'
  })
  return `[${parts.join(',')}]`
}
