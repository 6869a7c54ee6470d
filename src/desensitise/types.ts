/**
 * Shapes shared by the desensitisation stage (SPEC §2 field syntax, §4 rules).
 * The catalog validator uses exactly these types for the YAML `pii` and `rule` keys.
 */

export type PiiKind =
  | 'name'
  | 'id_card'
  | 'mobile'
  | 'phone'
  | 'bank_card'
  | 'email'
  | 'address'
  | 'plate'
  | 'passport'
  | 'none'

export type Generalize = 'year' | 'month' | 'district' | 'birth_year' | { bucket: number }

export type Rule =
  | 'keep'
  | 'mask'
  | 'hash'
  | 'suppress'
  | 'drop'
  | 'redact'
  | { mask: { keep_start: number; keep_end: number } }
  | { generalize: Generalize }

/**
 * A coerced cell value. Dates, datetimes arrive as ISO strings ('YYYY-MM-DD',
 * 'YYYY-MM-DDTHH:MM:SS' maybe with Z / offset); years arrive as numbers.
 */
export type CellValue = string | number | boolean | null

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'year'

export interface FieldSpec {
  name: string
  type: FieldType
  pii?: PiiKind
  /** default `keep` */
  rule?: Rule
  reason?: string
}

declare const publicBrand: unique symbol

/** A row keyed by field name, after type coercion: raw, never to be stored as is. */
export type CoercedRow = Record<string, CellValue>

/**
 * A row after the rules of SPEC §4.1 ran: the only row type storage accepts.
 * The brand symbol is not a value anywhere, so the only way to obtain a PublicRow
 * is `compileDesensitiser(...).apply(row)` (rules.ts).
 */
export type PublicRow = Record<string, CellValue> & { readonly [publicBrand]: true }
