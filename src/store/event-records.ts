import { and, asc, desc, eq, gt, inArray, type Column, type SQL } from 'drizzle-orm'
import type { CatalogEntry } from '../catalog/schema.ts'
import type { OpenAttribute } from '../config/grades.ts'
import type { CatalogEvent, CatalogEventData, CatalogEventType, ChangeSummary, EventQuery } from './change-types.ts'

/**
 * The event log's rows, the same columns in SQLite and PostgreSQL (sqlite/tables.ts, postgres/tables.ts):
 * the dataset's terms when the event happened, so that feeds and the outbox filter without the catalog
 * (a removed dataset has no entry left), and the type's own data as JSON.
 */
export interface StoredEvent {
  id: number
  at: string
  type: CatalogEventType
  datasetId: string
  title: string
  theme: string
  provider: string
  grade: number
  open: string
  dataJson: string
}

export type NewStoredEvent = Omit<StoredEvent, 'id'>

/** The dataset's terms an event carries, from its entry (or its metadata row, for a removed dataset). */
export interface EventTerms {
  id: string
  title: string
  theme: string
  provider: string
  grade: number
  open: string
}

export function termsOfEntry(entry: CatalogEntry): EventTerms {
  return { id: entry.id, title: entry.title, theme: entry.theme, provider: entry.provider.name, grade: entry.grade, open: entry.open }
}

export function eventRow(terms: EventTerms, data: CatalogEventData, at: string): NewStoredEvent {
  const { type, ...rest } = data
  return {
    at, type, datasetId: terms.id, title: terms.title, theme: terms.theme, provider: terms.provider, grade: terms.grade, open: terms.open,
    dataJson: JSON.stringify(rest),
  }
}

export function toCatalogEvent(row: StoredEvent): CatalogEvent {
  return {
    ...(JSON.parse(row.dataJson) as object),
    type: row.type,
    id: Number(row.id),
    at: row.at,
    datasetId: row.datasetId,
    title: row.title,
    theme: row.theme,
    provider: row.provider,
    grade: row.grade,
    open: row.open as OpenAttribute,
  } as CatalogEvent
}

/** What syncCatalog records of an entry: a new dataset, or one that became closed. */
export function entryEvents(entry: CatalogEntry, before: { open: string } | undefined, at: string): NewStoredEvent[] {
  const terms = termsOfEntry(entry)
  if (!before) return [eventRow(terms, { type: 'dataset.created' }, at)]
  if (before.open !== 'closed' && entry.open === 'closed') return [eventRow(terms, { type: 'dataset.closed', reason: 'closed' }, at)]
  return []
}

/** What publishing a version records: its schema change first (subscribers guard integrations by it), then the version. */
export function publishEvents(entry: CatalogEntry, version: number, rowCount: number, changes: ChangeSummary | undefined, at: string): NewStoredEvent[] {
  const terms = termsOfEntry(entry)
  const published = eventRow(terms, { type: 'version.published', version, rowCount, ...(changes ? { changes } : {}) }, at)
  if (!changes || changes.fields.length === 0) return [published]
  return [eventRow(terms, { type: 'dataset.schema_changed', version, from: changes.from, fields: changes.fields }, at), published]
}

/** The event log's columns a query filters on, in either dialect's table (drizzle's operators take both). */
interface EventColumns {
  id: Column
  datasetId: Column
  theme: Column
  provider: Column
  type: Column
}

export function eventWhere(table: EventColumns, query: EventQuery): SQL | undefined {
  return and(
    query.datasetId === undefined ? undefined : eq(table.datasetId, query.datasetId),
    query.theme === undefined ? undefined : eq(table.theme, query.theme),
    query.provider === undefined ? undefined : eq(table.provider, query.provider),
    query.types === undefined ? undefined : inArray(table.type, [...query.types]),
    query.afterId === undefined ? undefined : gt(table.id, query.afterId),
  )
}

export function eventOrder(table: EventColumns, query: EventQuery): SQL {
  return query.order === 'newest-first' ? desc(table.id) : asc(table.id)
}
