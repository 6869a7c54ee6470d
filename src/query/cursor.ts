import crypto from 'node:crypto'
import type { SqlValue } from '../store/query-types.ts'

/**
 * Keyset cursor: the version the walk started on, a digest of the query it belongs to, and the key
 * values of the last row served. Pinning the version keeps paging stable while a new version is
 * published; the digest makes a cursor used with another query a clear 400 instead of wrong rows.
 */
export interface Cursor {
  version: number
  binding: string
  after: SqlValue[]
}

export function bindingDigest(binding: string): string {
  return crypto.createHash('sha256').update(binding).digest('base64url').slice(0, 12)
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.version, cursor.binding, cursor.after])).toString('base64url')
}

const isSqlValue = (v: unknown): v is SqlValue => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))

export function decodeCursor(token: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 3) return undefined
    const [version, binding, after] = value as [unknown, unknown, unknown]
    if (!Number.isSafeInteger(version) || (version as number) < 1 || typeof binding !== 'string') return undefined
    if (!Array.isArray(after) || after.length === 0 || after.length > 8 || !after.every(isSqlValue)) return undefined
    return { version: version as number, binding, after }
  } catch {
    return undefined
  }
}
