import type { FileDigest } from '../store/hashed-file.ts'
import type { VersionFiles } from '../store/version-files.ts'
import { BULK_FORMATS, type BulkFormat } from './formats.ts'

/**
 * `files.json` in a version directory: what the bulk files of that version are, written once at
 * ingest after the files themselves, so its presence means the files are complete. Readers trust it
 * for sizes and checksums instead of hashing hundreds of megabytes per request.
 */
export const MANIFEST_FILE = 'files.json'

export type { FileDigest }

export interface BulkFile extends FileDigest {
  format: BulkFormat
  file: string
}

export interface Manifest {
  rowCount: number
  createdAt: string
  files: BulkFile[]
}

/** Writes the manifest atomically, so a reader sees all of it or none. */
export async function writeManifest(files: VersionFiles, manifest: Manifest): Promise<void> {
  await files.writeJson(MANIFEST_FILE, manifest)
}

/** The manifest of a version, or undefined when the version has none (it predates bulk files, or was pruned meanwhile). */
export async function readManifest(files: VersionFiles): Promise<Manifest | undefined> {
  return (await files.readJson(MANIFEST_FILE)) as Manifest | undefined
}

export function fileOf(manifest: Manifest, format: BulkFormat): BulkFile | undefined {
  return manifest.files.find((f) => f.format === format)
}

/** Manifest files in the order of BULK_FORMATS, whatever order they were written in. */
export function orderedFiles(manifest: Manifest): BulkFile[] {
  return BULK_FORMATS.map((format) => fileOf(manifest, format)).filter((f): f is BulkFile => f !== undefined)
}
