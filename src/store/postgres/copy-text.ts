import type { CellValue } from '../../desensitise/types.ts'

/**
 * One cell in COPY's text format: NULL as \N, booleans as t/f, numbers as JavaScript prints them
 * (float8 and bigint read every form a finite number takes), and in text the four characters that
 * would end or escape a cell backslash-escaped. PostgreSQL text cannot hold U+0000 in any format:
 * `hasNul` lets the writer reject such a cell by name instead of failing the whole batch.
 */
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const NEEDS_ESCAPE = /[\\\n\r\t]/
const ESCAPED = /[\\\n\r\t]/g

export function copyCell(value: CellValue): string {
  if (value === null) return '\\N'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number') return String(value)
  // most cells need no escape, and testing is several times cheaper than replacing
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c] as string) : value
}

export function hasNul(value: CellValue): boolean {
  return typeof value === 'string' && value.includes('\u0000')
}

/** One line of COPY text: cells tab-separated, ended by a newline. */
export function copyLine(cells: readonly CellValue[]): string {
  let line = ''
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : '\t') + copyCell(cells[i] ?? null)
  return `${line}\n`
}
