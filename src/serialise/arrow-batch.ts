import { makeData, RecordBatch, Struct, type Schema } from 'apache-arrow'
import type { FieldType } from '../catalog/schema.ts'
import type { CellValue } from '../desensitise/types.ts'
import { columnEncoder, type ColumnEncoder } from './arrow-columns.ts'

/**
 * Rows (arrays in schema order) into one Arrow record batch at a time, through the column encoders:
 * the one path from cells to Arrow for a query page (a single batch) and a bulk file (many).
 */
export class RecordBatchBuilder {
  private readonly encoders: ColumnEncoder[]
  private rows = 0

  constructor(private readonly schema: Schema, fieldTypes: readonly FieldType[], readonly capacity: number) {
    this.encoders = schema.fields.map((f, i) => columnEncoder(fieldTypes[i] as FieldType, f.type, capacity))
  }

  get length(): number {
    return this.rows
  }

  /** Adds a row; true when the batch is full and must be flushed before the next. */
  append(row: readonly CellValue[]): boolean {
    const encoders = this.encoders
    for (let c = 0; c < encoders.length; c++) (encoders[c] as ColumnEncoder).append(row[c] as CellValue)
    return ++this.rows === this.capacity
  }

  /** The batch of the rows appended since the last flush; the builder starts empty again. */
  flush(): RecordBatch {
    const children = this.encoders.map((e) => e.flush())
    const data = makeData({ type: new Struct(this.schema.fields), length: this.rows, nullCount: 0, children })
    this.rows = 0
    return new RecordBatch(this.schema, data)
  }
}
