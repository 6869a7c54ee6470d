import { AsyncByteQueue, RecordBatchFileWriter, type Schema } from 'apache-arrow'
import type { FieldType } from '../catalog/schema.ts'
import type { CellValue } from '../desensitise/types.ts'
import { RecordBatchBuilder } from './arrow-batch.ts'

/**
 * Streams rows into an Arrow IPC *file* (the random-access format with a footer) in record batches
 * of ARROW_BATCH_ROWS, so memory holds one batch whatever the row count.
 *
 * The writer's own output queue is unbounded (it buffers until someone reads), so its bytes are
 * taken synchronously after each batch through a queue subclass and written to the destination
 * with back-pressure before the next batch is built. The destination is anything that takes bytes
 * and closes with a result (materialise gives a hashed file, whose result is its size and SHA-256).
 */
// 16k rows a batch (about 4 MB here) rather than 64k: peak RSS of the 1M-row ingest fell by about 20 MB, time unchanged
export const ARROW_BATCH_ROWS = 16_384

export interface ByteDestination<Closed> {
  write(chunk: Uint8Array): Promise<void>
  close(): Promise<Closed>
  /** Stops writing after a failure elsewhere. */
  destroy(): void
}

class TakeQueue extends AsyncByteQueue {
  private chunks: Uint8Array[] = []

  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value)
  }

  take(): Uint8Array[] {
    const taken = this.chunks
    this.chunks = []
    return taken
  }
}

export class ArrowFileSink<Closed> {
  private readonly queue = new TakeQueue()
  private readonly writer = new RecordBatchFileWriter()
  private readonly batch: RecordBatchBuilder

  constructor(schema: Schema, fieldTypes: readonly FieldType[], private readonly file: ByteDestination<Closed>, batchRows = ARROW_BATCH_ROWS) {
    // the schema is written now, so a version without rows still gives a valid, typed, empty file
    this.writer.reset(this.queue, schema)
    this.batch = new RecordBatchBuilder(schema, fieldTypes, batchRows)
  }

  async append(rows: ReadonlyArray<readonly CellValue[]>): Promise<void> {
    for (const row of rows) if (this.batch.append(row)) await this.flush()
  }

  async close(): Promise<Closed> {
    if (this.batch.length > 0) await this.flush()
    this.writer.finish()
    await this.drain()
    return this.file.close()
  }

  destroy(): void {
    this.file.destroy()
  }

  private async flush(): Promise<void> {
    this.writer.write(this.batch.flush())
    await this.drain()
  }

  private async drain(): Promise<void> {
    for (const chunk of this.queue.take()) await this.file.write(chunk)
  }
}
