import { Bool, DateDay, Float64, Int64, TimestampMillisecond, Utf8, Table, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow'
import type { FieldType } from '../catalog/schema.ts'
import type { SqlValue } from './sql.ts'

/**
 * A page of rows (as SQLite returns them: arrays, booleans as 0/1) in the response formats of
 * SPEC §6.1: JSON built as text directly (no intermediate objects), RFC 4180 CSV, and the Arrow
 * IPC stream format with real column types.
 */
export interface OutputField {
  name: string
  type: FieldType
}

function jsonValue(value: SqlValue, type: FieldType): string {
  if (value === null) return 'null'
  if (type === 'boolean') return value ? 'true' : 'false'
  return typeof value === 'number' ? String(value) : JSON.stringify(value)
}

export function rowsToJson(rows: readonly SqlValue[][], fields: readonly OutputField[]): string {
  const prefixes = fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`)
  const parts = rows.map((row) => {
    let text = ''
    for (let i = 0; i < fields.length; i++) text += prefixes[i] + jsonValue(row[i] ?? null, (fields[i] as OutputField).type)
    return fields.length ? `${text}}` : '{}'
  })
  return `[${parts.join(',')}]`
}

export function csvCell(value: SqlValue, type: FieldType): string {
  if (value === null) return ''
  if (type === 'boolean') return value ? 'true' : 'false'
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function rowsToCsv(rows: readonly SqlValue[][], fields: readonly OutputField[], header = true): string {
  const lines = header ? [fields.map((f) => csvCell(f.name, 'string')).join(',')] : []
  for (const row of rows) lines.push(fields.map((f, i) => csvCell(row[i] ?? null, f.type)).join(','))
  return `${lines.join('\r\n')}\r\n`
}

const DAY_MS = 86_400_000

function arrowColumn(values: SqlValue[], type: FieldType): Vector<DataType> {
  switch (type) {
    case 'integer':
    case 'year':
      return vectorFromArray(values.map((v) => (v === null ? null : BigInt(v))), new Int64())
    case 'number':
      return vectorFromArray(values as Array<number | null>, new Float64())
    case 'boolean':
      return vectorFromArray(values.map((v) => (v === null ? null : v === 1)), new Bool())
    case 'date':
      return vectorFromArray(values.map((v) => (v === null ? null : new Date(Math.floor(Date.parse(`${v}T00:00:00Z`) / DAY_MS) * DAY_MS))), new DateDay())
    case 'datetime':
      // datetimes without an offset are taken as UTC, so the instant is the same for every reader
      return vectorFromArray(values.map((v) => (v === null ? null : new Date(/[zZ]|[+-]\d\d:\d\d$/.test(String(v)) ? String(v) : `${v}Z`))), new TimestampMillisecond())
    default:
      return vectorFromArray(values as Array<string | null>, new Utf8())
  }
}

export function rowsToArrow(rows: readonly SqlValue[][], fields: readonly OutputField[]): Uint8Array {
  const columns: Record<string, Vector<DataType>> = {}
  fields.forEach((field, i) => {
    columns[field.name] = arrowColumn(rows.map((row) => row[i] ?? null), field.type)
  })
  return tableToIPC(new Table(columns), 'stream')
}
