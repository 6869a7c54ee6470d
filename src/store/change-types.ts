import type { FieldType, Rule } from '../catalog/schema.ts'
import type { OpenAttribute } from '../config/grades.ts'

/**
 * What changed between two versions of a dataset, and the catalog events that tell subscribers (SPEC §9,
 * issue 12). The store keeps both: a summary with each version it is given one, and an append-only event
 * log written in the transactions that change the catalog, read by the Atom feeds and the webhook outbox.
 */

/** A field's type and rule, as a version publishes it. */
export interface FieldShape {
  type: FieldType
  rule: Rule
}

export interface FieldChange {
  field: string
  change: 'added' | 'removed' | 'retyped' | 'rule_changed'
  /** Absent for an added field. */
  before?: FieldShape
  /** Absent for a removed field. */
  after?: FieldShape
}

/** A version compared with an earlier one: rows matched by primary key, or by content (as a multiset) without one. */
export interface ChangeSummary {
  /** The version compared against. */
  from: number
  to: number
  matchedBy: 'primary_key' | 'content'
  rows: { added: number; removed: number; changed: number; unchanged: number }
  rowCountDelta: number
  fields: FieldChange[]
}

export const CATALOG_EVENT_TYPES = ['dataset.created', 'version.published', 'dataset.schema_changed', 'dataset.closed'] as const
export type CatalogEventType = (typeof CATALOG_EVENT_TYPES)[number]

/** Why a dataset stopped being served: its entry became `open: closed`, or its catalog file was removed. */
export type ClosedReason = 'closed' | 'removed'

export type CatalogEventData =
  | { type: 'dataset.created' }
  | { type: 'version.published'; version: number; rowCount: number; changes?: ChangeSummary }
  | { type: 'dataset.schema_changed'; version: number; from: number; fields: FieldChange[] }
  | { type: 'dataset.closed'; reason: ClosedReason }

/** An event with the dataset's terms when it happened: feeds and webhooks filter by them, grade 3 needs a grant. */
export type CatalogEvent = CatalogEventData & {
  /** Increasing in commit order within a store: the outbox's cursor and the feeds' entry ids. */
  id: number
  at: string
  datasetId: string
  title: string
  theme: string
  provider: string
  grade: number
  open: OpenAttribute
}

export interface EventQuery {
  datasetId?: string
  theme?: string
  provider?: string
  types?: readonly CatalogEventType[]
  /** Only events with a larger id. */
  afterId?: number
  limit: number
  order: 'newest-first' | 'oldest-first'
}
