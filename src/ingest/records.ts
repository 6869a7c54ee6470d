import { DEFAULT_RECORD_LIMITS, type RecordLimits } from '../config/record-limits.ts'
import { CsvLimitError, CsvReader, CsvSyntaxError, type CsvRecord } from './csv-reader.ts'
import { DecodeError, sourceText, type SourceEncoding } from './decode.ts'

/**
 * The source file as batches of CSV records, each with the line it starts on. Records are handed
 * over a decoded chunk (about 1 MiB) at a time: awaiting every record would cost more than parsing it.
 */
export class SourceSyntaxError extends Error {}

/** The settings that raise each bound, named in its message for the operator whose file is right. */
const LIMIT_SETTINGS: Readonly<Record<keyof RecordLimits, string>> = {
  maxFieldBytes: 'GONGKAI_MAX_FIELD_BYTES',
  maxRecordBytes: 'GONGKAI_MAX_RECORD_BYTES',
}

export async function* readRecords(
  file: string, encoding: SourceEncoding, delimiter: string, limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader(delimiter, limits)
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
    if (error instanceof CsvLimitError) throw new SourceSyntaxError(`${error.message} (limit: ${LIMIT_SETTINGS[error.limit]})`)
    if (error instanceof CsvSyntaxError || error instanceof DecodeError) throw new SourceSyntaxError(error.message)
    throw error
  }
}
