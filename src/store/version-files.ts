import type { Readable, Transform } from 'node:stream'
import type { HashedFile } from './hashed-file.ts'

/**
 * A version's bulk files (SPEC §6.2), by name: written at ingest (materialise/) or on first request (the
 * spreadsheet CSV), read by the download routes and the metadata documents. The store says where they
 * live; whoever uses them knows names, never places. Exists while the version is being built or kept.
 */
export interface VersionFiles {
  /** A new file, counted and hashed as it is written (a gzip stream may go in front); it appears under `name` once closed. */
  create(name: string, front?: Transform): HashedFile
  /** A small JSON document of the version (the manifest, a digest), or undefined when there is none. */
  readJson(name: string): Promise<unknown>
  /** Replaces the document atomically: a reader sees the old one or the new one, whole. */
  writeJson(name: string, value: unknown): Promise<void>
  /**
   * Reads a file for sending: a HEAD gets the headers only, a single satisfiable `range` (`bytes=…`) its bytes
   * (206), an unsatisfiable one 416, several the whole file (200); 404 when the file is not (or no longer) there.
   */
  read(name: string, request: { method: string; range?: string }): Promise<BulkFileRead>
}

export interface BulkFileRead {
  statusCode: 200 | 206 | 404 | 416
  /** Content-Length, and Content-Range for 206 and 416. */
  headers: Record<string, string | number>
  stream: Readable
}
