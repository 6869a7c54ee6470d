import fs from 'node:fs'
import path from 'node:path'
import { BULK_FORMATS, type BulkFormat } from './formats.ts'
import { PRIVATE_FILE_MODE } from '../store/private-files.ts'

/**
 * `files.json` in a version directory: what the bulk files of that version are, written once at
 * ingest after the files themselves, so its presence means the files are complete. Readers trust it
 * for sizes and checksums instead of hashing hundreds of megabytes per request.
 */
export const MANIFEST_FILE = 'files.json'

export interface FileDigest {
  bytes: number
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string
}

export interface BulkFile extends FileDigest {
  format: BulkFormat
  file: string
}

export interface Manifest {
  rowCount: number
  createdAt: string
  files: BulkFile[]
}

/** Writes the manifest atomically (temporary file, then rename), so a reader sees all of it or none. */
export function writeManifest(dir: string, manifest: Manifest): void {
  const target = path.join(dir, MANIFEST_FILE)
  const temporary = `${target}.${process.pid}.tmp`
  fs.writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE_MODE })
  fs.renameSync(temporary, target)
}

/** The manifest of a version, or undefined when the version has none (it predates bulk files, or was pruned meanwhile). */
export function readManifest(dir: string): Manifest | undefined {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return JSON.parse(text) as Manifest
}

export function fileOf(manifest: Manifest, format: BulkFormat): BulkFile | undefined {
  return manifest.files.find((f) => f.format === format)
}

/** Manifest files in the order of BULK_FORMATS, whatever order they were written in. */
export function orderedFiles(manifest: Manifest): BulkFile[] {
  return BULK_FORMATS.map((format) => fileOf(manifest, format)).filter((f): f is BulkFile => f !== undefined)
}
