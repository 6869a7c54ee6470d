import { CsvReader, CsvSyntaxError, type CsvRecord } from './csv-reader.ts'
import { DecodeError, sourceText, type SourceEncoding } from './decode.ts'

/**
 * The source file as batches of CSV records, each with the line it starts on. Records are handed
 * over a decoded chunk (about 1 MiB) at a time: awaiting every record would cost more than parsing it.
 */
export class SourceSyntaxError extends Error {}

export async function* readRecords(file: string, encoding: SourceEncoding, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader(delimiter)
  try {
    for await (const text of sourceText(file, encoding)) {
      const batch: CsvRecord[] = []
      reader.push(text, batch)
      if (batch.length > 0) yield batch
    }
    const last: CsvRecord[] = []
    reader.end(last)
    if (last.length > 0) yield last
  } catch (error) {
    if (error instanceof CsvSyntaxError || error instanceof DecodeError) throw new SourceSyntaxError(error.message)
    throw error
  }
}
