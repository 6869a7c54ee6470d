import fs from 'node:fs'
import path from 'node:path'
import send from '@fastify/send'
import type { Transform } from 'node:stream'
import { createHashedFile, type HashedFile } from './hashed-file.ts'
import { PRIVATE_FILE_MODE } from './private-files.ts'
import type { BulkFileRead, VersionFiles } from './version-files.ts'

/** Read size: four times Node's default, a quarter of the syscalls and stream events per byte, 256 KiB per download in flight. */
const READ_CHUNK_BYTES = 256 * 1024

/**
 * A version's files in a directory of their own: the SQLite store's version directory, or a directory all
 * servers share (NFS, a shared volume) for the PostgreSQL store. The byte ranges, Content-Length and the
 * read stream are @fastify/send's, the machinery @fastify/static uses; validators and conditions are left
 * to the caller (server/download/), so send is told to add none of its own.
 */
export class LocalVersionFiles implements VersionFiles {
  // an ECMAScript private field: not an own property, so the directory is not found on what the store hands out
  readonly #dir: string

  constructor(dir: string) {
    this.#dir = dir
  }

  private file(name: string): string {
    if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`not a file name of a version: ${name}`)
    return path.join(this.#dir, name)
  }

  create(name: string, front?: Transform): HashedFile {
    return createHashedFile(this.file(name), front)
  }

  async readJson(name: string): Promise<unknown> {
    let text: string
    try {
      text = await fs.promises.readFile(this.file(name), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    return JSON.parse(text) as unknown
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    const target = this.file(name)
    const temporary = `${target}.${process.pid}.tmp`
    await fs.promises.writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: PRIVATE_FILE_MODE })
    await fs.promises.rename(temporary, target)
  }

  async read(name: string, request: { method: string; range?: string }): Promise<BulkFileRead> {
    const forwarded = { method: request.method, headers: request.range === undefined ? {} : { range: request.range } }
    const result = await send(forwarded as never, `/${name}`, {
      root: this.#dir,
      etag: false,
      lastModified: false,
      cacheControl: false,
      contentType: false,
      acceptRanges: true,
      dotfiles: 'deny',
      index: false,
      highWaterMark: READ_CHUNK_BYTES,
    })
    const { statusCode } = result
    if (statusCode !== 200 && statusCode !== 206 && statusCode !== 416) {
      result.stream.destroy()
      if (statusCode === 404) return { statusCode, headers: {}, stream: result.stream }
      throw new Error(`reading ${name} failed with ${statusCode}`)
    }
    if (statusCode === 416) result.stream.destroy()
    return { statusCode, headers: result.headers as Record<string, string | number>, stream: result.stream }
  }
}
