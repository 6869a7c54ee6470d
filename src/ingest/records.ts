import { parse, CsvError } from 'csv-parse'
import { DecodeError, sourceStream, type SourceEncoding } from './decode.ts'

/**
 * The source file as batches of CSV records (RFC 4180 via csv-parse), each with the line it starts on.
 * Records are read synchronously from the parser's buffer and handed over a batch at a time: awaiting
 * every record would cost more than parsing it.
 */
export interface SourceRecord {
  fields: string[]
  line: number
}

export class SourceSyntaxError extends Error {}

const BATCH = 4096

/** csv-parse's message without the parts that could quote source content. */
function csvReason(error: CsvError): string {
  return error.message.replace(/: got .*$/s, '').replace(/ at line \d+.*$/s, '')
}

export async function* readRecords(file: string, encoding: SourceEncoding, delimiter: string): AsyncGenerator<SourceRecord[]> {
  const source = sourceStream(file, encoding)
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (fields: string[], context) => ({ fields, endLine: context.lines }),
  })
  source.on('error', (error) => parser.destroy(error))
  source.pipe(parser)

  let ended = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const signal = (): void => {
    wake?.()
    wake = undefined
  }
  parser.on('readable', signal)
  parser.on('end', () => {
    ended = true
    signal()
  })
  parser.on('error', (error) => {
    failure = error
    signal()
  })

  let previousEnd = 0
  try {
    for (;;) {
      const batch: SourceRecord[] = []
      let item: { fields: string[]; endLine: number } | null
      while (batch.length < BATCH && (item = parser.read()) !== null) {
        batch.push({ fields: item.fields, line: previousEnd + 1 })
        previousEnd = item.endLine
      }
      if (failure) throw failure
      if (batch.length > 0) yield batch
      else if (ended) return
      else await new Promise<void>((resolve) => (wake = resolve))
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : previousEnd + 1
      throw new SourceSyntaxError(`line ${line}: CSV syntax error: ${csvReason(error)}`)
    }
    if (error instanceof DecodeError) throw new SourceSyntaxError(error.message)
    throw error
  } finally {
    parser.destroy()
    source.destroy()
  }
}
