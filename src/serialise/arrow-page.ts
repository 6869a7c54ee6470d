import { RecordBatchStreamWriter } from 'apache-arrow'
import type { CellValue } from '../desensitise/types.ts'
import { RecordBatchBuilder } from './arrow-batch.ts'
import { arrowSchema } from './arrow-schema.ts'
import { zonedFields, type OutputField } from './fields.ts'

/**
 * A query page in the Arrow IPC *stream* format (SPEC §6.2: query results stream, bulk files are
 * IPC files): the bulk file's schema rules and column encoders, all rows in one record batch.
 * Every column is nullable and carries no titles: a page knows its columns' names and types only.
 */
export function rowsToArrow(rows: ReadonlyArray<readonly CellValue[]>, fields: readonly OutputField[]): Uint8Array {
  const schema = arrowSchema(fields, undefined, zonedFields(fields), new Map())
  const batch = new RecordBatchBuilder(schema, fields.map((f) => f.type), rows.length)
  for (const row of rows) batch.append(row)
  const writer = new RecordBatchStreamWriter()
  writer.reset(undefined, schema)
  writer.write(batch.flush())
  writer.finish()
  return writer.toUint8Array(true)
}
