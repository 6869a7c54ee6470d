import type { CellValue } from '../desensitise/types.ts'

/**
 * Keyset cursor: the version the walk started on and the key of the last row served. Pinning the
 * version keeps paging stable while a new version is published underneath.
 */
export interface Cursor {
  version: number
  after: CellValue
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.version, cursor.after])).toString('base64url')
}

export function decodeCursor(token: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 2) return undefined
    const [version, after] = value as [unknown, unknown]
    if (!Number.isSafeInteger(version) || (version as number) < 1) return undefined
    if (after !== null && !['string', 'number', 'boolean'].includes(typeof after)) return undefined
    return { version: version as number, after: after as CellValue }
  } catch {
    return undefined
  }
}
