import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type { CatalogEntry } from '../../catalog/schema.ts'
import { termsOf, tighteningsSince } from '../../catalog/strictness.ts'
import { builtTerms, searchBody, toSummary, toVersionInfo, toWithdrawn } from '../stored-records.ts'
import type { CellValue } from '../../desensitise/types.ts'
import type {
  DatasetPage, DatasetRecord, DatasetSearch, DatasetStore, ContentComparison, DatasetSummary, FacetCount, KeyChangeCounts, KeyComparison, RowPage, StoredReport,
  VersionInfo, VersionPlan, VersionRowReader, VersionWriter, Withdrawal, WithdrawnVersion,
} from '../types.ts'
import { LocalVersionFiles } from '../local-files.ts'
import type { VersionFiles } from '../version-files.ts'
import { VersionRows } from './version-rows.ts'
import { StricterEntryError } from '../types.ts'
import { openMetadataDatabase } from './migrations.ts'
import { makePrivateDir } from '../private-files.ts'
import { acquireIngestLock, type IngestLock } from './ingest-lock.ts'
import { buildCatalogWhere, orderBy, UPDATE_FREQUENCY } from './search.ts'
import { catalogEvents, datasets, ingestReports, versions, withdrawnVersions } from './tables.ts'
import { entryEvents, eventOrder, eventRow, eventWhere, publishEvents, toCatalogEvent, type NewStoredEvent } from '../event-records.ts'
import type { CatalogEvent, EventQuery } from '../change-types.ts'
import { quoteIdent, ROW_ID, ROWS_FILE, ROWS_TABLE, VersionFileReader, VersionFileWriter } from './version-file.ts'
import { contentMatchesSql, keyChangesSql } from '../change-counts-sql.ts'
import { isProcessAlive } from './process-alive.ts'
import { beginTrialVersion, sweepAbandonedTrials, versionLayout } from './trial-version.ts'
import { QueryPool, type PoolOptions } from './pool/pool.ts'
import { DEFAULT_PER_CALLER, DEFAULT_QUERY_BUDGET_MS, DEFAULT_QUEUE_LENGTH } from '../../config/query-defaults.ts'
import type { ExecuteContext, JobResult, TableJob, VersionTable } from '../query-types.ts'

/** Workers, budget, line length and per-caller limit of the query pool (pool/pool.ts). */
export type QueryOptions = PoolOptions

export const DEFAULT_QUERY_OPTIONS: QueryOptions = { workers: 2, budgetMs: DEFAULT_QUERY_BUDGET_MS, queueLength: DEFAULT_QUEUE_LENGTH, perCaller: DEFAULT_PER_CALLER }

type VersionRow = typeof versions.$inferSelect
type Transaction = Parameters<Parameters<BetterSQLite3Database['transaction']>[0]>[0]

/** The embedded default store: metadata in one WAL-mode SQLite file, each version's rows in a file of its own. */
export class SqliteDatasetStore implements DatasetStore {
  private readonly sqlite: Database.Database
  private readonly db: BetterSQLite3Database
  private readonly readers = new Map<string, VersionFileReader>()
  private readonly versionsDir: string

  private pool?: QueryPool
  private readonly queryOptions: QueryOptions
  private readonly records = new Map<string, DatasetRecord>()
  private readonly tables = new Map<string, VersionTable>()
  private seenDataVersion = -1
  private readonly dataVersion: Database.Statement

  constructor(
    private readonly dataDir: string,
    private readonly keepVersions = 3,
    queryOptions: Partial<QueryOptions> = {},
  ) {
    this.queryOptions = { ...DEFAULT_QUERY_OPTIONS, ...queryOptions }
    this.versionsDir = path.join(dataDir, 'versions')
    this.sqlite = openMetadataDatabase(dataDir)
    this.dataVersion = this.sqlite.prepare('PRAGMA data_version').pluck()
    this.db = drizzle({ client: this.sqlite })
    this.sweepAbandonedBuilds()
    sweepAbandonedTrials(path.join(dataDir, 'trials'))
  }

  private versionDir(datasetId: string, version: number): string {
    return path.join(this.versionsDir, datasetId, String(version))
  }

  versionFiles(datasetId: string, version: number): VersionFiles {
    return new LocalVersionFiles(this.versionDir(datasetId, version))
  }

  /** The plan of a version being built or kept. */
  private planOf(datasetId: string, version: number): VersionPlan {
    const row = this.db.select({ plan: versions.planJson }).from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, version))).get()
    if (!row) throw new Error(`version ${version} of ${datasetId} is neither being built nor kept`)
    return JSON.parse(row.plan) as VersionPlan
  }

  async versionRows(datasetId: string, version: number): Promise<VersionRowReader> {
    const plan = this.planOf(datasetId, version)
    return new VersionRows(path.join(this.versionDir(datasetId, version), ROWS_FILE), plan.fields, plan.primaryKey)
  }

  async countKeyChanges(datasetId: string, from: number, to: number, comparison: KeyComparison): Promise<KeyChangeCounts> {
    return this.countAcross(datasetId, from, to, (later, earlier) => keyChangesSql(comparison, later, earlier, { quote: quoteIdent, nullSafeEqual: 'IS' }))
  }

  async countContentMatches(datasetId: string, from: number, to: number, comparison: ContentComparison): Promise<number> {
    const { matched } = this.countAcross<{ matched: number }>(datasetId, from, to, (later, earlier) => contentMatchesSql(comparison, later, earlier, { quote: quoteIdent }))
    return matched
  }

  /**
   * One statement on this thread, the earlier version's file attached to a read-only connection to the
   * later one's. Its sorts in memory: a grouping of two million-row versions spills ~100 MB of temporary
   * b-tree to disk otherwise, for a third more time.
   */
  private countAcross<T>(datasetId: string, from: number, to: number, sql: (later: string, earlier: string) => string): T {
    this.planOf(datasetId, from)
    this.planOf(datasetId, to)
    const later = new Database(path.join(this.versionDir(datasetId, to), ROWS_FILE), { readonly: true, fileMustExist: true })
    try {
      // attached with the connection's flags: read-only
      later.prepare('ATTACH ? AS earlier').run(path.join(this.versionDir(datasetId, from), ROWS_FILE))
      later.pragma('temp_store = MEMORY')
      return later.prepare(sql(`main.${ROWS_TABLE}`, `earlier.${ROWS_TABLE}`)).get() as T
    } finally {
      later.close()
    }
  }

  private removeVersionFiles(datasetId: string, version: number): void {
    const dir = this.versionDir(datasetId, version)
    const reader = this.readers.get(dir)
    if (reader) {
      reader.close()
      this.readers.delete(dir)
    }
    this.tables.delete(dir)
    fs.rmSync(dir, { recursive: true, force: true })
  }

  /**
   * Forgets a version that was being built, and gives its number back: version numbers count
   * publications, so the next ingest after a failed (or crashed) one publishes the very next number.
   * Only the last number handed out is given back; numbers of withdrawn versions are never reused.
   */
  private dropBuilding(tx: Transaction, datasetId: string, version: number): void {
    tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, version), eq(versions.status, 'building'))).run()
    tx.update(datasets).set({ lastVersion: version - 1 }).where(and(eq(datasets.id, datasetId), eq(datasets.lastVersion, version))).run()
  }

  /** Removes what a crashed ingest left: its `building` record and any version directory nobody owns. */
  private sweepAbandonedBuilds(): void {
    const building = this.db.select().from(versions).where(eq(versions.status, 'building')).all()
    for (const row of building) {
      if (row.builderPid !== null && row.builderPid !== process.pid && isProcessAlive(row.builderPid)) continue
      this.db.transaction((tx) => this.dropBuilding(tx, row.datasetId, row.version))
      this.removeVersionFiles(row.datasetId, row.version)
    }
    if (!fs.existsSync(this.versionsDir)) return
    const known = new Set(this.db.select({ d: versions.datasetId, v: versions.version }).from(versions).all().map((r) => `${r.d}/${r.v}`))
    for (const datasetId of fs.readdirSync(this.versionsDir)) {
      for (const version of fs.readdirSync(path.join(this.versionsDir, datasetId))) {
        if (!known.has(`${datasetId}/${version}`)) fs.rmSync(path.join(this.versionsDir, datasetId, version), { recursive: true, force: true })
      }
    }
  }

  /**
   * Withdraws published versions inside the caller's transaction: each recorded with its reasons, its rows
   * no longer listed, the dataset without a current version if it was among them. Files go after the commit.
   */
  private withdrawIn(tx: Transaction, datasetId: string, stale: ReadonlyArray<{ row: VersionRow; reasons: readonly string[] }>, by: WithdrawnVersion['by'], now: string): Withdrawal[] {
    const withdrawn: Withdrawal[] = []
    for (const { row, reasons } of stale) {
      tx.insert(withdrawnVersions).values({
        datasetId, version: row.version, withdrawnAt: now, withdrawnBy: by, reasonsJson: JSON.stringify(reasons), fingerprint: row.fingerprint,
      }).onConflictDoNothing().run()
      tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, row.version))).run()
      withdrawn.push({ datasetId, version: row.version, withdrawnAt: now, by, reasons: [...reasons], fingerprint: row.fingerprint })
    }
    if (withdrawn.length === 0) return withdrawn
    const dataset = tx.select({ currentVersion: datasets.currentVersion }).from(datasets).where(eq(datasets.id, datasetId)).get()
    const currentGone = withdrawn.some((w) => w.version === dataset?.currentVersion)
    tx.update(datasets).set({ updatedAt: now, ...(currentGone ? { currentVersion: null, rowCount: null } : {}) }).where(eq(datasets.id, datasetId)).run()
    return withdrawn
  }

  async syncCatalog(entries: readonly CatalogEntry[], presentIds: ReadonlySet<string>): Promise<Withdrawal[]> {
    const now = new Date().toISOString()
    const unpublish: Array<{ datasetId: string; version: number }> = []
    const withdrawn: Withdrawal[] = []
    this.records.clear()
    this.db.transaction((tx) => {
      for (const entry of entries) {
        const entryJson = JSON.stringify(entry)
        const existing = tx.select().from(datasets).where(eq(datasets.id, entry.id)).get()
        this.appendEvents(tx, entryEvents(entry, existing, now))
        const columns = {
          entryJson,
          title: entry.title,
          theme: entry.theme,
          grade: entry.grade,
          open: entry.open,
          provider: entry.provider.name,
          keywordsJson: JSON.stringify(entry.keywords ?? []),
        }
        if (!existing) {
          tx.insert(datasets).values({ id: entry.id, ...columns, updatedAt: now }).run()
        } else if (existing.entryJson !== entryJson) {
          tx.update(datasets).set({ ...columns, updatedAt: now }).where(eq(datasets.id, entry.id)).run()
        }
        tx.run(sql`DELETE FROM dataset_search WHERE id = ${entry.id}`)
        tx.run(sql`INSERT INTO dataset_search (id, body) VALUES (${entry.id}, ${searchBody(entry)})`)
        // in the transaction that installs the entry, so nothing is served under it that a looser one published
        // (closing a dataset is one case: every version was built under an open entry)
        const kept = tx.select().from(versions).where(and(eq(versions.datasetId, entry.id), eq(versions.status, 'published'))).all()
        const stale = kept.map((row) => ({ row, reasons: tighteningsSince(builtTerms(row), entry) })).filter((s) => s.reasons.length > 0)
        withdrawn.push(...this.withdrawIn(tx, entry.id, stale, 'catalog', now))
      }
      for (const gone of tx.select().from(datasets).all()) {
        const { id } = gone
        if (presentIds.has(id)) continue
        this.appendEvents(tx, [eventRow({ ...gone, id }, { type: 'dataset.closed', reason: 'removed' }, now)])
        const kept = tx.select().from(versions).where(eq(versions.datasetId, id)).all()
        unpublish.push(...kept.map((v) => ({ datasetId: id, version: v.version })))
        tx.delete(versions).where(eq(versions.datasetId, id)).run()
        tx.delete(withdrawnVersions).where(eq(withdrawnVersions.datasetId, id)).run()
        tx.delete(datasets).where(eq(datasets.id, id)).run()
        tx.run(sql`DELETE FROM dataset_search WHERE id = ${id}`)
      }
    })
    for (const { datasetId, version } of [...unpublish, ...withdrawn]) this.removeVersionFiles(datasetId, version)
    return withdrawn
  }

  async withdrawVersions(datasetId: string, list: readonly number[], reasons: readonly string[]): Promise<Withdrawal[]> {
    const now = new Date().toISOString()
    this.records.clear()
    const withdrawn = this.db.transaction((tx) => {
      const kept = tx.select().from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.status, 'published'))).all()
      return this.withdrawIn(tx, datasetId, kept.filter((row) => list.includes(row.version)).map((row) => ({ row, reasons })), 'operator', now)
    })
    for (const { version } of withdrawn) this.removeVersionFiles(datasetId, version)
    return withdrawn
  }

  async listDatasets(search: DatasetSearch): Promise<DatasetPage> {
    const where = buildCatalogWhere(search)
    const from = `FROM datasets d ${where.sql}`
    const total = this.sqlite.prepare(`SELECT count(*) ${from}`).pluck().get(...where.params) as number
    const order = orderBy(search)
    const rows = this.sqlite
      .prepare(`SELECT d.* ${from} ${order.sql} LIMIT ? OFFSET ?`)
      .all(...where.params, ...order.params, search.perPage, (search.page - 1) * search.perPage) as Array<Record<string, unknown>>
    const facet = (expression: string): FacetCount[] =>
      this.sqlite.prepare(`SELECT ${expression} AS value, count(*) AS count ${from} GROUP BY value HAVING value IS NOT NULL ORDER BY count DESC, value`)
        .all(...where.params) as FacetCount[]
    return {
      total,
      items: rows.map(toSummary),
      facets: {
        theme: facet('d.theme'), grade: facet('d.grade'), open: facet('d.open'), provider: facet('d.provider'),
        update_frequency: facet(UPDATE_FREQUENCY),
      },
    }
  }

  async getDataset(id: string): Promise<DatasetRecord | undefined> {
    // every data request reads its dataset (often twice: access check, then route); records are cached
    // until this connection writes or PRAGMA data_version says another process (the CLI) committed
    const dataVersion = this.dataVersion.get() as number
    if (dataVersion !== this.seenDataVersion) {
      this.records.clear()
      this.seenDataVersion = dataVersion
    }
    const cached = this.records.get(id)
    if (cached) return cached
    const row = this.db.select().from(datasets).where(eq(datasets.id, id)).get()
    if (!row) return undefined
    const kept = this.db.select().from(versions)
      .where(and(eq(versions.datasetId, id), eq(versions.status, 'published'))).orderBy(desc(versions.version)).all()
      .map(toVersionInfo)
    const current = kept.find((v) => v.version === row.currentVersion)
    const withdrawn = this.db.select().from(withdrawnVersions).where(eq(withdrawnVersions.datasetId, id)).orderBy(desc(withdrawnVersions.version)).all().map(toWithdrawn)
    const record = { id, entry: JSON.parse(row.entryJson) as CatalogEntry, updatedAt: row.updatedAt, ...(current ? { current } : {}), versions: kept, withdrawn }
    this.records.set(id, record)
    return record
  }

  async beginVersion(datasetId: string, plan: VersionPlan): Promise<VersionWriter> {
    const version = this.db.transaction((tx) => {
      const builder = tx.select().from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.status, 'building'))).get()
      if (builder?.builderPid && builder.builderPid !== process.pid && isProcessAlive(builder.builderPid)) {
        throw new Error(`another ingest of ${datasetId} is running (process ${builder.builderPid})`)
      }
      const dataset = tx.select({ lastVersion: datasets.lastVersion }).from(datasets).where(eq(datasets.id, datasetId)).get()
      if (!dataset) throw new Error(`dataset ${datasetId} is not in the catalog`)
      const next = dataset.lastVersion + 1
      tx.update(datasets).set({ lastVersion: next }).where(eq(datasets.id, datasetId)).run()
      tx.insert(versions).values({
        datasetId, version: next, status: 'building', builderPid: process.pid, createdAt: new Date().toISOString(),
        planJson: JSON.stringify(plan), fingerprint: plan.fingerprint,
      }).run()
      return next
    })
    const dir = this.versionDir(datasetId, version)
    fs.rmSync(dir, { recursive: true, force: true })
    makePrivateDir(dir)
    const file = new VersionFileWriter(path.join(dir, ROWS_FILE), versionLayout(plan))
    return this.versionWriter(datasetId, version, file)
  }

  async beginTrialVersion(datasetId: string, plan: VersionPlan): Promise<VersionWriter> {
    return beginTrialVersion(path.join(this.dataDir, 'trials'), datasetId, plan)
  }

  private versionWriter(datasetId: string, version: number, file: VersionFileWriter): VersionWriter {
    const where = and(eq(versions.datasetId, datasetId), eq(versions.version, version))
    return {
      version,
      insert: async (batch) => file.insert(batch),
      removeSmallGroups: async (columns, k) => file.removeSmallGroups(columns, k),
      complete: async () => file.complete(),
      publish: async (entry, rowCount, changes) => {
        const now = new Date().toISOString()
        this.records.clear()
        const pruned = this.db.transaction((tx) => {
          // another process may have synchronised a stricter entry while this version was built under `entry`
          const plan = JSON.parse((tx.select({ plan: versions.planJson }).from(versions).where(where).get() as { plan: string }).plan) as VersionPlan
          const catalog = tx.select({ entryJson: datasets.entryJson }).from(datasets).where(eq(datasets.id, datasetId)).get()
          const reasons = catalog ? tighteningsSince(termsOf(entry, plan.fields), JSON.parse(catalog.entryJson) as CatalogEntry) : []
          if (reasons.length > 0) throw new StricterEntryError(datasetId, reasons)
          tx.update(versions).set({
            status: 'published', publishedAt: now, rowCount, builderPid: null, entryJson: JSON.stringify(entry), changesJson: changes ? JSON.stringify(changes) : null,
          }).where(where).run()
          tx.update(datasets).set({ currentVersion: version, rowCount, updatedAt: now }).where(eq(datasets.id, datasetId)).run()
          this.appendEvents(tx, publishEvents(entry, version, rowCount, changes, now))
          const old = tx.select({ version: versions.version }).from(versions)
            .where(and(eq(versions.datasetId, datasetId), eq(versions.status, 'published')))
            .orderBy(desc(versions.version)).all().slice(this.keepVersions).map((v) => v.version)
          for (const v of old) tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, v))).run()
          return old
        })
        for (const v of pruned) this.removeVersionFiles(datasetId, v)
        return { pruned }
      },
      abort: async () => {
        file.close()
        this.db.transaction((tx) => this.dropBuilding(tx, datasetId, version))
        this.removeVersionFiles(datasetId, version)
      },
    }
  }

  async readRows(datasetId: string, version: number, options: { after?: CellValue; limit: number }): Promise<RowPage> {
    const reader = this.reader(datasetId, version)
    const rows = reader.readPage(options.after, options.limit + 1)
    const more = rows.length > options.limit
    if (more) rows.pop()
    const last = rows[rows.length - 1]
    const keyName = reader.primaryKey ?? ROW_ID
    const lastKey = more && last ? last[keyName] : undefined
    if (!reader.primaryKey) for (const row of rows) delete row[ROW_ID]
    return lastKey === undefined ? { rows } : { rows, lastKey }
  }

  private reader(datasetId: string, version: number): VersionFileReader {
    const dir = this.versionDir(datasetId, version)
    let reader = this.readers.get(dir)
    if (!reader) {
      const info = this.publishedInfo(datasetId, version)
      reader = new VersionFileReader(path.join(dir, ROWS_FILE), info.fields, info.primaryKey)
      this.readers.set(dir, reader)
    }
    return reader
  }

  private publishedInfo(datasetId: string, version: number): VersionInfo {
    const row = this.db.select().from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, version))).get()
    if (!row || row.status !== 'published') throw new Error(`version ${version} of ${datasetId} is not published`)
    return toVersionInfo(row)
  }

  private queryPool(): QueryPool {
    this.pool ??= new QueryPool(this.queryOptions)
    return this.pool
  }

  /** What a query needs to know of a version; versions never change, so this is read once. */
  async versionTable(datasetId: string, version: number): Promise<VersionTable> {
    const dir = this.versionDir(datasetId, version)
    const known = this.tables.get(dir)
    if (known) return known
    const info = this.publishedInfo(datasetId, version)
    const table: VersionTable = {
      info,
      dialect: 'sqlite',
      shape: {
        table: ROWS_TABLE,
        fields: info.fields.map((f) => ({ name: f.name, type: f.type, searchable: f.searchable })),
        tiebreaker: info.primaryKey ?? ROW_ID,
        fullText: info.fields.some((f) => f.searchable),
        rowCount: info.rowCount,
        rowsPerValue: this.reader(datasetId, version).rowsPerValue(),
      },
    }
    this.tables.set(dir, table)
    return table
  }

  async execute(datasetId: string, version: number, job: TableJob, context: ExecuteContext): Promise<JobResult> {
    // a version withdrawn or pruned meanwhile is refused here rather than by a missing file in a worker
    if (!this.tables.has(this.versionDir(datasetId, version))) await this.versionTable(datasetId, version)
    return this.queryPool().run({ file: path.join(this.versionDir(datasetId, version), ROWS_FILE), job }, context)
  }

  private appendEvents(tx: Transaction, events: readonly NewStoredEvent[]): void {
    if (events.length > 0) tx.insert(catalogEvents).values([...events]).run()
  }

  async listEvents(query: EventQuery): Promise<CatalogEvent[]> {
    return this.db.select().from(catalogEvents).where(eventWhere(catalogEvents, query)).orderBy(eventOrder(catalogEvents, query)).limit(query.limit).all()
      .map(toCatalogEvent)
  }

  async saveReport(datasetId: string, status: string, report: unknown): Promise<number> {
    const result = this.db.insert(ingestReports)
      .values({ datasetId, status, startedAt: new Date().toISOString(), reportJson: JSON.stringify(report) })
      .returning({ id: ingestReports.id }).get()
    return result.id
  }

  async listReports(datasetId?: string, limit = 50, beforeId?: number): Promise<StoredReport[]> {
    const rows = this.db.select().from(ingestReports)
      .where(and(datasetId ? eq(ingestReports.datasetId, datasetId) : undefined, beforeId !== undefined ? lt(ingestReports.id, beforeId) : undefined))
      .orderBy(desc(ingestReports.id)).limit(limit).all()
    return rows.map((r) => ({ id: r.id, datasetId: r.datasetId, status: r.status, startedAt: r.startedAt, report: JSON.parse(r.reportJson) }))
  }

  lockIngest(): IngestLock {
    return acquireIngestLock(this.dataDir)
  }

  async warmUp(): Promise<void> {
    await this.queryPool().ready()
  }

  async ping(): Promise<void> {
    this.sqlite.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    await this.pool?.close()
    for (const reader of this.readers.values()) reader.close()
    this.readers.clear()
    this.sqlite.close()
  }
}

