import type { FieldType } from '../catalog/schema.ts'
import type { CellValue } from '../desensitise/types.ts'

/**
 * A column as every serialiser sees it, for a query page and a bulk file alike. `zoned` marks a
 * datetime column whose every value in the version carries a zone (Z or ±HH:MM): those are
 * instants, which Arrow types as timestamps in UTC; any other datetime column is wall-clock time.
 * Whether a column is zoned is a fact about the version's data, not the catalog field, so whoever
 * reads the rows says so.
 */
export interface OutputField {
  name: string
  type: FieldType
  zoned?: boolean
}

/** A cell as the serialisers write it: booleans stored as 0/1 (SQLite) are read as booleans. */
export function cellOf(value: CellValue | undefined, type: FieldType): CellValue {
  if (value === undefined || value === null) return null
  return type === 'boolean' ? value === true || value === 1 : value
}

export function zonedFields(fields: readonly OutputField[]): Set<string> {
  return new Set(fields.filter((f) => f.zoned === true).map((f) => f.name))
}

/**
 * One row's change between two versions (issue 12), as the changes serialisers write it: the key (null when
 * rows are matched by content), the old row in the old version's fields, the new row in the new version's.
 */
export interface ChangeRecord {
  op: 'added' | 'removed' | 'changed'
  key: CellValue
  before?: readonly CellValue[]
  after?: readonly CellValue[]
}

/** The columns of a list of changes: the key's type, and each version's fields. */
export interface ChangeLayout {
  keyType: FieldType
  before: readonly OutputField[]
  after: readonly OutputField[]
}
