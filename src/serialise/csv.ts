import type { CellValue } from '../desensitise/types.ts'
import { cellOf, type ChangeLayout, type ChangeRecord, type OutputField } from './fields.ts'

/**
 * RFC 4180 text, the one CSV writer of query pages (`_format=csv`), bulk files and the spreadsheet
 * variant: a field is quoted when it holds the delimiter, a quote, CR or LF (quotes doubled
 * inside), records end in CRLF. Null is an empty field; an empty string is `""`, so a reader that
 * cares (PostgreSQL COPY, csv-parse with `quote` info) can tell the two apart. Booleans are
 * `true`/`false`, numbers their shortest JavaScript form (what the JSON API shows), dates and
 * datetimes the ISO text ingest stored.
 */
const NEEDS_QUOTES = /[",\r\n]/

export function csvField(value: CellValue): string {
  if (value === null) return ''
  if (typeof value === 'string') {
    if (value === '') return '""'
    return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value
  }
  return String(value)
}

export function csvRecord(values: readonly CellValue[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ','
    line += csvField(values[i] as CellValue)
  }
  return `${line}\r\n`
}

/** A query page: the header, then one record per row, each cell read by its field's type (cellOf). */
export function rowsToCsv(rows: ReadonlyArray<readonly CellValue[]>, fields: readonly OutputField[]): string {
  let text = csvRecord(fields.map((f) => f.name))
  for (const row of rows) {
    let line = ''
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) line += ','
      line += csvField(cellOf(row[i], (fields[i] as OutputField).type))
    }
    text += `${line}\r\n`
  }
  return text
}

/**
 * A page of changes: `op,key`, then the old version's fields as `before.<name>` and the new version's as
 * `after.<name>` (field names have no dot, so the header is unambiguous); a side the change lacks is empty.
 */
export function changesToCsv(changes: readonly ChangeRecord[], layout: ChangeLayout): string {
  const header = ['op', 'key', ...layout.before.map((f) => `before.${f.name}`), ...layout.after.map((f) => `after.${f.name}`)]
  let text = csvRecord(header)
  const side = (row: readonly CellValue[] | undefined, fields: readonly OutputField[]): CellValue[] =>
    fields.map((f, i) => (row ? cellOf(row[i], f.type) : null))
  for (const change of changes) {
    text += csvRecord([change.op, cellOf(change.key, layout.keyType), ...side(change.before, layout.before), ...side(change.after, layout.after)])
  }
  return text
}

/**
 * OWASP CSV injection: a spreadsheet opening the file runs a cell beginning with `= + - @`, TAB or CR
 * as a formula (`=HYPERLINK(…)`, DDE), so text that starts so gets a leading `'`, which makes it text.
 * Only for the spreadsheet variant, and only for string fields: a negative number stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function spreadsheetSafe(value: CellValue): CellValue {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value
}
