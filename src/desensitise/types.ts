/**
 * Shapes of the desensitisation stage (SPEC §4). Its vocabulary (field types, pii kinds, rules) is
 * the catalog schema's, catalog/schema.ts, and a field is described here as the catalog describes it.
 */
import type { CatalogField } from '../catalog/schema.ts'
import type { CellValue } from '../catalog/values.ts'

export type { FieldType, Generalize, PiiKind, Rule } from '../catalog/schema.ts'
export type { CellValue }

/** What the rules need to know of a field; `rule` defaults to keep. */
export type FieldSpec = Pick<CatalogField, 'name' | 'type' | 'pii' | 'rule' | 'reason'>

declare const publicBrand: unique symbol

/** A row keyed by field name, after type coercion: raw, never to be stored as is. */
export type CoercedRow = Record<string, CellValue>

/**
 * A row after the rules of SPEC §4.1 ran: the only row type storage accepts.
 * The brand symbol is not a value anywhere, so the only way to obtain a PublicRow
 * is `compileDesensitiser(...).apply(row)` (rules.ts).
 */
export type PublicRow = Record<string, CellValue> & { readonly [publicBrand]: true }
