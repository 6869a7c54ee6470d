import crypto from 'node:crypto'
import fs from 'node:fs'
import type { CatalogEntry } from '../catalog/schema.ts'

/**
 * What a published version was built from. A change in any part means the dataset must be ingested
 * again: the catalog entry, the source bytes, the ingest code's output format, or the pseudonym key
 * (hashed pseudonyms would differ).
 */
export const INGEST_REVISION = 2

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function keyFingerprint(pseudonymKey: Buffer): string {
  return crypto.createHmac('sha256', pseudonymKey).update('gongkai ingest fingerprint').digest('hex').slice(0, 16)
}

export function ingestFingerprint(entry: CatalogEntry, sourceSha256: string, pseudonymKey: Buffer): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ revision: INGEST_REVISION, entry, sourceSha256, key: keyFingerprint(pseudonymKey) }))
    .digest('hex')
}
