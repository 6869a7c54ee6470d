import type { ApiKeyRecord, ApplicationRecord, AuditRecord } from './access-types.ts'

/** A record as a metadata row holds it (both stores' tables): every column present, null where the record leaves it out. */
export type RowOf<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null }

/** Drops null columns so that records carry only what is set (optional properties, not nulls). */
function defined<T extends object>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> }
}

/** A key's record never carries the digest of its secret. */
export function toKey(row: RowOf<ApiKeyRecord> & { secretSha256: string }): ApiKeyRecord {
  const { secretSha256: _digest, ...rest } = row
  return defined(rest)
}

export const toApplication = (row: RowOf<ApplicationRecord>): ApplicationRecord => defined(row)
export const toAudit = (row: RowOf<AuditRecord>): AuditRecord => defined(row)
