import fs from 'node:fs'
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

/** Encodings a source file may be in (SPEC §2): UTF-8 with or without BOM, or GB18030 (a superset of GBK). */
export type SourceEncoding = 'utf-8' | 'gb18030'

export interface DetectedEncoding {
  encoding: SourceEncoding
  bom: boolean
  detectedBy: 'declared' | 'bom' | 'utf-8 validation' | 'not valid utf-8'
}

export class DecodeError extends Error {}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** Length of an incomplete UTF-8 sequence at the end of a chunk (0 when the chunk ends on a boundary). */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back] as number
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
      return needed > back ? back : 0
    }
  }
  return 0
}

async function isWholeFileUtf8(file: string): Promise<boolean> {
  let carry = Buffer.alloc(0)
  for await (const piece of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const chunk = carry.length ? Buffer.concat([carry, piece]) : piece
    const tail = incompleteTail(chunk)
    if (!isUtf8(chunk.subarray(0, chunk.length - tail))) return false
    carry = Buffer.from(chunk.subarray(chunk.length - tail))
  }
  return carry.length === 0
}

async function startsWithBom(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const head = Buffer.alloc(3)
    const { bytesRead } = await handle.read(head, 0, 3, 0)
    return bytesRead === 3 && head.equals(UTF8_BOM)
  } finally {
    await handle.close()
  }
}

/** `auto`: a BOM means UTF-8; else a file that is valid UTF-8 throughout is UTF-8; else GB18030. */
export async function detectEncoding(file: string, declared: SourceEncoding | 'auto'): Promise<DetectedEncoding> {
  const bom = await startsWithBom(file)
  if (declared !== 'auto') return { encoding: declared, bom: declared === 'utf-8' && bom, detectedBy: 'declared' }
  if (bom) return { encoding: 'utf-8', bom, detectedBy: 'bom' }
  return (await isWholeFileUtf8(file))
    ? { encoding: 'utf-8', bom, detectedBy: 'utf-8 validation' }
    : { encoding: 'gb18030', bom, detectedBy: 'not valid utf-8' }
}

/** Index of the first byte that cannot start or continue a UTF-8 sequence (chunk.length if none). */
export function firstInvalidUtf8(chunk: Buffer): number {
  let i = 0
  while (i < chunk.length) {
    const lead = chunk[i] as number
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0
    if (length === 0) return i
    for (let c = 1; c < length; c++) {
      if (i + c >= chunk.length) return chunk.length
      if (((chunk[i + c] as number) & 0xc0) !== 0x80) return i
    }
    i += length
  }
  return chunk.length
}

/**
 * The file's text in chunks. UTF-8 is decoded strictly: invalid bytes are an error naming their
 * offset, never a silent U+FFFD. A BOM is removed.
 */
export async function* sourceText(file: string, encoding: SourceEncoding): AsyncGenerator<string> {
  const bytes = fs.createReadStream(file, { highWaterMark: 1 << 20 })
  try {
    if (encoding === 'gb18030') {
      const decoder = iconv.getDecoder('gb18030', { stripBOM: true })
      for await (const chunk of bytes as AsyncIterable<Buffer>) yield decoder.write(chunk)
      yield decoder.end() ?? ''
      return
    }
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let offset = 0
    const invalidAt = (at: number): DecodeError =>
      new DecodeError(`not valid UTF-8 at byte ${at}; declare source.encoding: gb18030 (or auto) if the file is GBK/GB18030`)
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      let text: string
      try {
        text = decoder.decode(chunk, { stream: true })
      } catch {
        throw invalidAt(offset + firstInvalidUtf8(chunk))
      }
      offset += chunk.length
      yield text
    }
    try {
      yield decoder.decode()
    } catch {
      throw invalidAt(offset)
    }
  } finally {
    bytes.destroy()
  }
}
