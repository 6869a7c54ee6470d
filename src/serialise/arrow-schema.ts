import { Bool, DateDay, Field, Float64, Int64, Schema, TimestampMillisecond, Utf8, type DataType } from 'apache-arrow'
import type { FieldType } from '../catalog/schema.ts'

/**
 * The Arrow schema of a version's bulk file, with real types (SPEC §6.2): integer and year → int64,
 * number → float64, string → utf8, boolean → bool, date → date32 (days), datetime → timestamp[ms],
 * in UTC when every value of the column carries a zone, otherwise without a zone (wall-clock time,
 * which is what most government sources record). Titles and units travel as field metadata so a
 * reader in pandas or R sees what the columns mean; the primary key is the only non-nullable column.
 * Query pages (arrow-page.ts) use the same schema, with what a query knows of its columns.
 */
export interface SchemaField {
  name: string
  type: FieldType
  title?: string
  unit?: string
}

export function arrowType(type: FieldType, zoned: boolean): DataType {
  switch (type) {
    case 'integer':
    case 'year':
      return new Int64()
    case 'number':
      return new Float64()
    case 'boolean':
      return new Bool()
    case 'date':
      return new DateDay()
    case 'datetime':
      return new TimestampMillisecond(zoned ? 'UTC' : null)
    case 'string':
      return new Utf8()
  }
}

export function arrowSchema(
  fields: readonly SchemaField[], primaryKey: string | undefined, zoned: ReadonlySet<string>, metadata: ReadonlyMap<string, string>,
): Schema {
  return new Schema(fields.map((f) => {
    const about = new Map<string, string>([...(f.title ? [['title', f.title] as const] : []), ...(f.unit ? [['unit', f.unit] as const] : [])])
    return new Field(f.name, arrowType(f.type, zoned.has(f.name)), f.name !== primaryKey, about)
  }), new Map(metadata))
}
