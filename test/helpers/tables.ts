import type { CatalogEntry, FieldType } from '../../src/catalog/schema.ts'
import type { CellValue } from '../../src/catalog/values.ts'
import type { PublicRow } from '../../src/desensitise/types.ts'
import type { DatasetStore, PublicField } from '../../src/store/types.ts'
import { entryOf } from '../store/contract-fixture.ts'

/** A version's published table, rows as arrays in field order: what the change engine's tests publish and compare. */
export interface Table {
  fields: PublicField[]
  primaryKey?: string
  rows: CellValue[][]
}

export function field(name: string, type: FieldType, rule: PublicField['rule'] = 'keep'): PublicField {
  return { name, type, title: name, rule, index: false, searchable: false }
}

/** A catalog entry for tables of a dataset: every field any of them has, rule keep, so that none is stricter than a version. */
export function entryFor(id: string, ...tables: Table[]): CatalogEntry {
  const fields = new Map(tables.flatMap((table) => table.fields.map((f) => [f.name, { name: f.name, type: f.type, title: f.title }] as const)))
  const { primary_key: _key, ...entry } = entryOf(id)
  const primaryKey = tables[tables.length - 1]?.primaryKey
  return { ...entry, ...(primaryKey ? { primary_key: primaryKey } : {}), fields: [...fields.values()] }
}

let published = 0

/** Publishes a table as a new version of dataset `id` (in the catalog already); returns the version number. */
export async function publishTable(store: DatasetStore, id: string, table: Table, entry: CatalogEntry = entryOf(id)): Promise<number> {
  const writer = await store.beginVersion(id, { fields: table.fields, ...(table.primaryKey ? { primaryKey: table.primaryKey } : {}), uniqueFields: [], fingerprint: `f${++published}` })
  const rows = table.rows.map((r) => Object.fromEntries(table.fields.map((f, i) => [f.name, r[i] ?? null]))) as unknown as PublicRow[]
  const rejected = await writer.insert({ rows, rowNumbers: rows.map((_, i) => i + 1) })
  if (rejected.length) throw new Error(`rows rejected: ${JSON.stringify(rejected)}`)
  const { rowCount } = await writer.complete()
  await writer.publish(entry, rowCount)
  return writer.version
}
