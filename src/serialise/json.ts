import type { CellValue } from '../desensitise/types.ts'
import { cellOf, type ChangeLayout, type ChangeRecord, type OutputField } from './fields.ts'

/**
 * A query page as a JSON array of objects in field order, built as text directly (no intermediate
 * objects): null is null, booleans true/false, numbers their shortest form, text JSON strings.
 */
function jsonValue(value: CellValue): string {
  if (value === null) return 'null'
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** Writes rows of these fields as JSON objects; the property names are quoted once, not per row. */
function objectWriter(fields: readonly OutputField[]): (row: readonly CellValue[]) => string {
  const prefixes = fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`)
  return (row) => {
    let text = ''
    for (let i = 0; i < fields.length; i++) text += prefixes[i] + jsonValue(cellOf(row[i], (fields[i] as OutputField).type))
    return fields.length ? `${text}}` : '{}'
  }
}

export function rowsToJson(rows: ReadonlyArray<readonly CellValue[]>, fields: readonly OutputField[]): string {
  return `[${rows.map(objectWriter(fields)).join(',')}]`
}

/** Writes changes as `{"op":…,"key":…,"before":{…},"after":{…}}`, each row an object of its version's fields. */
export function changeWriter(layout: ChangeLayout): (change: ChangeRecord) => string {
  const before = objectWriter(layout.before)
  const after = objectWriter(layout.after)
  return (change) => {
    const rows = `${change.before ? `,"before":${before(change.before)}` : ''}${change.after ? `,"after":${after(change.after)}` : ''}`
    return `{"op":"${change.op}","key":${jsonValue(cellOf(change.key, layout.keyType))}${rows}}`
  }
}

/** A page of changes as a JSON array. */
export function changesToJson(changes: readonly ChangeRecord[], layout: ChangeLayout): string {
  return `[${changes.map(changeWriter(layout)).join(',')}]`
}
