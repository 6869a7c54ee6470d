import crypto from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import { Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { PRIVATE_FILE_MODE } from './private-files.ts'

/**
 * A file being written whose every byte is counted and hashed on its way to disk, so size and
 * SHA-256 come for free instead of from a second read. `input` is where bytes go (a gzip stream
 * can be put in front of the file, see `compressed`); writes honour back-pressure, so memory stays
 * bounded however fast rows are produced. The file is flushed to disk before `close` resolves: the
 * version that lists it is published right after.
 */
export interface FileDigest {
  bytes: number
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string
}

export interface HashedFile {
  write(chunk: Uint8Array): Promise<void>
  close(): Promise<FileDigest>
  /** Stops writing after a failure elsewhere; nothing appears under the file's name. */
  destroy(): void
}

export async function writeWithBackpressure(stream: Writable, chunk: Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain')
}

/**
 * Writes `file` under a temporary name and renames it into place once flushed, so that whoever sees the
 * name sees all of the file: a concurrent reader, a crashed writer, or one destroyed after a failure
 * elsewhere never leave a partial file under it.
 */
export function createHashedFile(file: string, front?: Transform): HashedFile {
  const hash = crypto.createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    },
  })
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  const out = fs.createWriteStream(temporary, { flags: 'wx', mode: PRIVATE_FILE_MODE, flush: true, highWaterMark: 1 << 20 })
  const input = front ?? tap
  const done = front ? pipeline(front, tap, out) : pipeline(tap, out)
  // observed here so that a failure is never an unhandled rejection; reported by close()
  done.catch(() => undefined)
  return {
    write: (chunk) => writeWithBackpressure(input, chunk),
    close: async () => {
      input.end()
      try {
        await done
        fs.renameSync(temporary, file)
      } catch (error) {
        fs.rmSync(temporary, { force: true })
        throw error
      }
      return { bytes, sha256: hash.digest('hex') }
    },
    destroy: () => {
      input.destroy()
      out.once('close', () => fs.rmSync(temporary, { force: true }))
    },
  }
}
