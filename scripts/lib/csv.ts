/**
 * A small RFC 4180 CSV writer for the sample generators.
 */

export type Cell = string | number | boolean | null | undefined

/** Plain decimal notation (no exponent), at most `maxDecimals` decimals, no trailing zeros. */
export function formatNumber(n: number, maxDecimals = 6): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatNumber: ${n}`)
  if (Number.isInteger(n)) return String(n)
  const s = n.toFixed(maxDecimals)
  return s.replace(/\.?0+$/, '')
}

/** One cell: quoted when it contains a delimiter, a quote, CR or LF; quotes doubled. */
export function csvCell(value: Cell, delimiter = ','): string {
  if (value === null || value === undefined) return ''
  const s = typeof value === 'number' ? formatNumber(value) : typeof value === 'boolean' ? String(value) : value
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')) {
    return `"${s.replaceAll('"', '""')}"`
  }
  return s
}

export interface CsvOptions {
  delimiter?: string
  /** Record separator (default LF). */
  eol?: '\n' | '\r\n'
  /** Start with a UTF-8 byte order mark. */
  bom?: boolean
  /** End the last record with `eol` (default true). */
  finalNewline?: boolean
}

/** One record, without its terminator. */
export function csvLine(cells: readonly Cell[], delimiter = ','): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter)
}

/** A whole CSV document (header + rows) as a string. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>, opts: CsvOptions = {}): string {
  const delimiter = opts.delimiter ?? ','
  const eol = opts.eol ?? '\n'
  const lines = [csvLine(header, delimiter)]
  for (const row of rows) {
    if (row.length !== header.length) throw new RangeError(`toCsv: row has ${row.length} cells, header ${header.length}`)
    lines.push(csvLine(row, delimiter))
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join(eol) + (opts.finalNewline === false ? '' : eol)
}
