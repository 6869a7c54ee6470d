import type { CatalogEntry } from '../catalog/schema.ts'
import { termsOf, type PublishedTerms } from '../catalog/strictness.ts'
import type { ChangeSummary } from './change-types.ts'
import type { DatasetSummary, VersionInfo, VersionPlan, WithdrawnVersion } from './types.ts'

/**
 * The metadata rows both stores keep, read back as the store interface's records: the columns are the
 * same in SQLite and PostgreSQL (store/sqlite/tables.ts, store/postgres/tables.ts), only their drivers differ.
 */
export interface StoredVersion {
  version: number
  createdAt: string
  publishedAt: string | null
  rowCount: number | null
  planJson: string
  fingerprint: string
  entryJson: string | null
  changesJson: string | null
}

export interface StoredWithdrawal {
  version: number
  withdrawnAt: string
  withdrawnBy: WithdrawnVersion['by']
  reasonsJson: string
  fingerprint: string
}

/** The text the catalog search matches an entry by. */
export function searchBody(entry: CatalogEntry): string {
  return [entry.id, entry.title, entry.title_en, entry.description, entry.provider.name, ...(entry.keywords ?? []),
    ...entry.fields.flatMap((f) => [f.title, f.title_en])].filter(Boolean).join('\n')
}

/** What a published version was built under: the fields its plan publishes, the access and privacy of its entry. */
export function builtTerms(row: StoredVersion): PublishedTerms {
  const plan = JSON.parse(row.planJson) as VersionPlan
  return termsOf(JSON.parse(row.entryJson as string) as CatalogEntry, plan.fields)
}

export function toWithdrawn(row: StoredWithdrawal): WithdrawnVersion {
  return { version: row.version, withdrawnAt: row.withdrawnAt, by: row.withdrawnBy, reasons: JSON.parse(row.reasonsJson) as string[], fingerprint: row.fingerprint }
}

export function toVersionInfo(row: StoredVersion): VersionInfo {
  const plan = JSON.parse(row.planJson) as VersionPlan
  return {
    version: row.version,
    publishedAt: row.publishedAt ?? row.createdAt,
    rowCount: row.rowCount ?? 0,
    fields: plan.fields,
    ...(plan.primaryKey ? { primaryKey: plan.primaryKey } : {}),
    fingerprint: row.fingerprint,
    ...(row.changesJson ? { changes: JSON.parse(row.changesJson) as ChangeSummary } : {}),
  }
}

/** A row of `SELECT d.* FROM datasets d` (snake-case columns, as both stores' catalog searches read it) as a listing item. */
export function toSummary(row: Record<string, unknown>): DatasetSummary {
  const entry = JSON.parse(row.entry_json as string) as CatalogEntry
  return {
    id: entry.id,
    title: entry.title,
    ...(entry.title_en ? { title_en: entry.title_en } : {}),
    theme: entry.theme,
    grade: entry.grade,
    open: entry.open,
    provider: entry.provider.name,
    keywords: entry.keywords ?? [],
    updated_at: row.updated_at as string,
    row_count: (row.row_count as number | null) ?? null,
    version: (row.current_version as number | null) ?? null,
  }
}
