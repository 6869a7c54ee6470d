import type { CatalogEntry, FieldType, Rule, PiiKind } from '../catalog/schema.ts'
import type { CellValue, PublicRow } from '../desensitise/types.ts'
import type { ExecuteContext, JobResult, TableJob, VersionTable } from './query-types.ts'
import type { VersionFiles } from './version-files.ts'
import type { CatalogEvent, ChangeSummary, EventQuery } from './change-types.ts'

/**
 * The dataset store: metadata of the catalog, immutable versions of each dataset's public rows, and
 * ingest reports. Async throughout so that a PostgreSQL implementation can stand in for the embedded
 * SQLite one without touching ingest or the routes.
 */

/** A column as stored and served: the catalog field after its desensitisation rule. */
export interface PublicField {
  name: string
  type: FieldType
  title: string
  title_en?: string
  description?: string
  unit?: string
  pii?: PiiKind
  rule: Rule
  index: boolean
  searchable: boolean
}

export interface VersionInfo {
  version: number
  publishedAt: string
  rowCount: number
  fields: PublicField[]
  primaryKey?: string
  fingerprint: string
  /** What changed since the version published before it (absent for a dataset's first version). */
  changes?: ChangeSummary
}

/** A version that is no longer served, and why; its rows and files are gone. */
export interface WithdrawnVersion {
  version: number
  withdrawnAt: string
  /** catalog: the entry became stricter than the one the version was built under; operator: gongkai purge. */
  by: 'catalog' | 'operator'
  reasons: string[]
  /** What the version was built from (ingest/fingerprint.ts): a purged one is not rebuilt from the same. */
  fingerprint: string
}

export interface Withdrawal extends WithdrawnVersion {
  datasetId: string
}

export interface DatasetRecord {
  id: string
  /** The latest valid catalog entry: grade, open attribute and descriptive metadata apply at once. */
  entry: CatalogEntry
  /** When the catalog metadata or the data last changed. */
  updatedAt: string
  current?: VersionInfo
  /** Kept versions, newest first (the current one included). */
  versions: VersionInfo[]
  /** Withdrawn versions, newest first. */
  withdrawn: WithdrawnVersion[]
}

export interface DatasetSummary {
  id: string
  title: string
  title_en?: string
  theme: string
  grade: number
  open: string
  provider: string
  keywords: string[]
  updated_at: string
  row_count: number | null
  version: number | null
}

export interface DatasetSearch {
  q?: string
  theme?: string
  grade?: number
  open?: string
  provider?: string
  /** The catalog's update_frequency (daily, monthly, …). */
  updateFrequency?: string
  keyword?: string
  updatedSince?: string
  /** relevance (the portal's default): datasets whose title holds more of the terms of `q` first, then the most recently updated. */
  sort: DatasetSort | 'relevance'
  page: number
  perPage: number
}

export const DATASET_SORTS = ['id', 'title', 'updated_at', '-updated_at', 'row_count', '-row_count', 'grade', '-grade'] as const
export type DatasetSort = (typeof DATASET_SORTS)[number]

export interface FacetCount {
  value: string | number
  count: number
}

export interface DatasetPage {
  total: number
  items: DatasetSummary[]
  /** Counts of the matching datasets by value; update_frequency leaves out the entries that state none. */
  facets: { theme: FacetCount[]; grade: FacetCount[]; open: FacetCount[]; provider: FacetCount[]; update_frequency: FacetCount[] }
}

export interface VersionPlan {
  fields: PublicField[]
  primaryKey?: string
  /** Fields with a unique constraint besides the primary key. */
  uniqueFields?: string[]
  fingerprint: string
}

/** Public rows with the data-row number each came from in the source file (1 = first row after the header). */
export interface RowBatch {
  rows: readonly PublicRow[]
  rowNumbers: readonly number[]
}

export interface RowRejection {
  /** Index of the row within the batch given to `insert`. */
  index: number
  field: string
  reason: string
}

/** A version being built: invisible to readers until `publish`, removed without trace by `abort`. */
export interface VersionWriter {
  readonly version: number
  /**
   * Stores a batch; rows violating a unique constraint (with any row of this batch or an earlier one) are
   * rejected, not stored. The next batch may be handed over before this call settles: batches are stored
   * in the order of the calls, and one that fails fails every later one.
   */
  insert(batch: RowBatch): Promise<RowRejection[]>
  /** Removes the rows whose values in `columns` form a group smaller than k; returns their source row numbers. */
  removeSmallGroups(columns: readonly string[], k: number): Promise<number[]>
  /** Builds indexes and seals the version. */
  complete(): Promise<{ rowCount: number }>
  /**
   * Switches the dataset to this version in one transaction and prunes the oldest beyond the kept count;
   * keeps `changes` with the version and records `version.published` (and `dataset.schema_changed` when
   * `changes.fields` is not empty) in the event log in that transaction.
   * Throws StricterEntryError if the catalog entry became stricter than `entry` while the version was built.
   */
  publish(entry: CatalogEntry, rowCount: number, changes?: ChangeSummary): Promise<{ pruned: number[] }>
  abort(): Promise<void>
}

export interface RowPage {
  rows: Record<string, CellValue>[]
  /** Primary-key value (or row id) of the last row when more rows follow. */
  lastKey?: CellValue
}

/**
 * Where a scan of a version's rows starts and what each row carries besides its fields: the change engine
 * (src/changes/) merges two scans and goes on from where a page stopped.
 */
export interface ScanOptions {
  /** Only rows whose order key is greater: a primary-key value, or a key a keyed scan of this version gave. */
  after?: CellValue
  /**
   * Each array ends with the row's order key, one more element: the primary key's value as stored (0/1 for a
   * boolean in SQLite), or without a primary key the row's internal number, which only `after` reads.
   */
  withKey?: boolean
}

/**
 * A version's rows read back in batches, for the bulk files and the change engine: in primary-key order (row
 * order without a key), the order the row API pages in, as arrays in field order, booleans as booleans;
 * memory holds a batch.
 */
export interface VersionRowReader {
  batches(size: number, options?: ScanOptions): AsyncIterable<CellValue[][]>
  /** Datetime fields whose every value carries a zone (Z or ±HH:MM): those are instants, typed UTC in Arrow. */
  zonedDatetimeFields(): Promise<Set<string>>
  close(): Promise<void>
}

/** What countContentMatches compares: the columns both versions have. */
export interface ContentComparison {
  /**
   * `comparable`: both versions hold values of one kind there (numbers, booleans or text), compared as
   * values (5 equals 5.0); values of different kinds are never equal, so only two nulls match.
   */
  columns: ReadonlyArray<{ name: string; comparable: boolean }>
}

/** What countKeyChanges compares: the key, and the columns both versions have. */
export interface KeyComparison extends ContentComparison {
  key: string
}

export interface KeyChangeCounts {
  /** Rows of the later version. */
  rows: number
  /** Of those, the ones whose key the earlier version has. */
  common: number
  /** Of those, the ones with another value in a compared column. */
  changed: number
}

export interface StoredReport {
  id: number
  datasetId: string
  status: string
  startedAt: string
  report: unknown
}

export interface DatasetStore {
  /**
   * Makes the store's metadata match the valid catalog entries; `presentIds` are all ids with a file, valid or
   * not. In the same transaction it withdraws every kept version built under a looser entry than the new one
   * (catalog/strictness.ts), the current one included, and returns what it withdrew. It records
   * `dataset.created` for a new id and `dataset.closed` for an entry that became closed or an id whose file is gone.
   */
  syncCatalog(entries: readonly CatalogEntry[], presentIds: ReadonlySet<string>): Promise<Withdrawal[]>
  /** Withdraws kept versions at an operator's request (gongkai purge): rows and files deleted, the reason kept. */
  withdrawVersions(datasetId: string, versions: readonly number[], reasons: readonly string[]): Promise<Withdrawal[]>
  listDatasets(search: DatasetSearch): Promise<DatasetPage>
  getDataset(id: string): Promise<DatasetRecord | undefined>
  beginVersion(datasetId: string, plan: VersionPlan): Promise<VersionWriter>
  /**
   * A writer that checks like beginVersion's (unique constraints, k-anonymity, indexes) for `ingest --dry-run`,
   * but takes no version number, writes no metadata and cannot publish; abort() removes what it wrote.
   */
  beginTrialVersion(datasetId: string, plan: VersionPlan): Promise<VersionWriter>
  /** The bulk files of a version being built or kept (materialise/, server/download/); removed with it. */
  versionFiles(datasetId: string, version: number): VersionFiles
  /** Reads back the rows of a version being built (sealed by complete()) or kept. */
  versionRows(datasetId: string, version: number): Promise<VersionRowReader>
  /**
   * How the rows of two versions (built or kept) compare by a primary key both have, counted by the database
   * in one join instead of read out and merged (src/changes/ decides what to compare): the later version's
   * rows, those whose key the earlier one has too, and of those the ones with another value in a column.
   * The embedded store runs the join on the caller's thread (seconds for a million rows): for ingest, not
   * for a process that serves requests meanwhile.
   */
  countKeyChanges(datasetId: string, from: number, to: number, comparison: KeyComparison): Promise<KeyChangeCounts>
  /**
   * How many rows of the later version (built or kept) pair with an equal row of the earlier one, rows
   * compared as multisets by the given columns (src/changes/content-match.ts defines the pairing), counted
   * by the database in one grouping: for versions without a primary key in common. Like countKeyChanges,
   * run on the caller's thread by the embedded store.
   */
  countContentMatches(datasetId: string, from: number, to: number, comparison: ContentComparison): Promise<number>
  readRows(datasetId: string, version: number, options: { after?: CellValue; limit: number }): Promise<RowPage>
  /** A published version as queries see it (fields, table shape, SQL dialect); throws when it is not published. */
  versionTable(datasetId: string, version: number): Promise<VersionTable>
  /**
   * Runs a prepared query (SQL in the table's dialect, src/query/ writes it) on a published version within
   * the caller's time budget, the page serialised in the job's format. Throws QueryTimeout, QueryRefused or
   * QueryFailed (store/query-errors.ts).
   */
  execute(datasetId: string, version: number, job: TableJob, context: ExecuteContext): Promise<JobResult>
  /** The catalog event log (store/change-types.ts): what feeds list and the webhook outbox delivers. */
  listEvents(query: EventQuery): Promise<CatalogEvent[]>
  saveReport(datasetId: string, status: string, report: unknown): Promise<number>
  /** Newest first; with `beforeId`, only reports older than that one (a keyset page). */
  listReports(datasetId?: string, limit?: number, beforeId?: number): Promise<StoredReport[]>
  /**
   * Held for the whole of an ingest: one at a time per store. Throws (PostgreSQL: rejects with) IngestLockedError
   * while another holds it; await both the lock and its release, since PostgreSQL's take a round trip.
   */
  lockIngest(): IngestHold | Promise<IngestHold>
  /** Starts query execution (worker threads) so that the first requests do not pay for it. */
  warmUp(): Promise<void>
  /** A cheap round trip, for readiness checks. */
  ping(): Promise<void>
  close(): Promise<void>
}

export interface IngestHold {
  release(): void | Promise<void>
}

/** Another ingest of the same store is running; the message is the line to show the operator. */
export class IngestLockedError extends Error {
  constructor(readonly holderPid: number | undefined) {
    super(`another ingest is running${holderPid ? ` (pid ${holderPid})` : ''}; try again when it has finished`)
  }
}

/** A version built under an entry looser than the catalog's current one must not be published. */
export class StricterEntryError extends Error {
  constructor(readonly datasetId: string, readonly reasons: readonly string[]) {
    super(`the catalog entry of ${datasetId} became stricter while this version was built (${reasons.join('; ')}); ingest it again`)
  }
}
