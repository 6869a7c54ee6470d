import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
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
import { IngestLockedError, StricterEntryError, type IngestHold } from '../types.ts'
import type { ExecuteContext, JobResult, TableJob, VersionTable } from '../query-types.ts'
import { DEFAULT_PER_CALLER, DEFAULT_QUERY_BUDGET_MS, DEFAULT_QUEUE_LENGTH } from '../../config/query-defaults.ts'
import { ChangeFeed, notifyChange, type Change, type Heard } from './change-feed.ts'
import { connect, holdConnection, type Connection, type Transaction } from './connect.ts'
import { NotifiedCache } from './notified-cache.ts'
import { buildCatalogWhere, facetSql, orderBy } from './search.ts'
import { catalogEvents, datasets, ingestReports, versions, withdrawnVersions } from './tables.ts'
import { entryEvents, eventOrder, eventRow, eventWhere, publishEvents, toCatalogEvent, type NewStoredEvent } from '../event-records.ts'
import type { CatalogEvent, EventQuery } from '../change-types.ts'
import { qualifiedTable, quoteIdent, ROW_ID, ROWS_SCHEMA, tableLayout, versionTableName, VersionTableWriter } from './version-table.ts'
import { contentMatchesSql, keyChangesSql } from '../change-counts-sql.ts'
import { QueryRunner, type RunnerOptions } from './query-runner.ts'
import { PostgresVersionRows } from './version-rows.ts'

export type PostgresQueryOptions = RunnerOptions

export const DEFAULT_PG_QUERY_OPTIONS: PostgresQueryOptions = { budgetMs: DEFAULT_QUERY_BUDGET_MS, queueLength: DEFAULT_QUEUE_LENGTH, perCaller: DEFAULT_PER_CALLER }

/** Advisory lock classes (the first key of pg_advisory_lock(int, int)); the second is hashtext of the dataset id. */
const BUILD_LOCK = 0x676b6276 // 'gkbv': a version of this dataset is being built by the session holding it
const INGEST_LOCK = 0x676b696e // 'gkin': one ingest at a time per database
// 'gkev': held from a writing transaction's start to its commit, so that event ids are handed out in commit
// order; taken before any row lock, so that two writers cannot each hold what the other waits for
const EVENT_LOCK = 0x676b6576

type VersionRow = typeof versions.$inferSelect
type Db = NodePgDatabase

/**
 * The PostgreSQL store: metadata through drizzle, each version's rows in a table of its own
 * (version-table.ts) loaded through COPY, switched to in the publishing transaction. Bulk files stay
 * files under the data directory, which every server of a deployment must share (NFS, a shared volume).
 * Dataset records and listings are read once and kept until a change notification (change-feed.ts) from
 * any server's commit says they are stale: a request costs no metadata query.
 */
export class PostgresDatasetStore implements DatasetStore {
  private readonly connection: Connection
  private readonly runner: QueryRunner
  private readonly ready: Promise<void>
  /** Versions never change: what a query needs of one is read once (a withdrawn one fails at its table). */
  private readonly tables = new Map<string, VersionTable>()
  private readonly feed: ChangeFeed
  private readonly records: NotifiedCache<DatasetRecord | undefined>
  /** Listings depend on every dataset: any change empties them all. */
  private readonly listings: NotifiedCache<DatasetPage>

  constructor(
    url: string,
    private readonly dataDir: string,
    private readonly keepVersions = 3,
    queryOptions: Partial<PostgresQueryOptions> = {},
  ) {
    this.connection = connect(url)
    this.feed = new ChangeFeed(url)
    this.records = new NotifiedCache(this.feed)
    this.listings = new NotifiedCache(this.feed, 200)
    this.feed.subscribe((heard) => this.forget(heard))
    this.runner = new QueryRunner(this.connection.pool, { ...DEFAULT_PG_QUERY_OPTIONS, ...queryOptions })
    this.ready = this.connection.ready.then(() => this.sweepAbandonedBuilds())
    this.ready.catch(() => undefined)
  }

  private forget(heard: Heard): void {
    if (heard === 'everything') {
      this.records.clear()
      this.listings.clear()
    } else if (heard.topic === 'dataset') {
      this.records.forget(heard.id)
      this.listings.clear()
    }
  }

  /** Tells every server (this one at once, the others at commit) that the datasets changed. */
  private async notify(tx: Transaction, datasetIds: Iterable<string>): Promise<Change[]> {
    const changes = [...new Set(datasetIds)].map((id): Change => ({ topic: 'dataset', id }))
    for (const change of changes) await notifyChange(tx, change)
    return changes
  }


  private async db(): Promise<Db> {
    await this.ready
    return this.connection.db
  }

  private versionDir(datasetId: string, version: number): string {
    return path.join(this.dataDir, 'versions', datasetId, String(version))
  }

  versionFiles(datasetId: string, version: number): VersionFiles {
    return new LocalVersionFiles(this.versionDir(datasetId, version))
  }

  /** The plan of a version being built or kept. */
  private async planOf(datasetId: string, version: number): Promise<VersionPlan> {
    const [row] = await (await this.db()).select({ plan: versions.planJson }).from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, version)))
    if (!row) throw new Error(`version ${version} of ${datasetId} is neither being built nor kept`)
    return JSON.parse(row.plan) as VersionPlan
  }

  async versionRows(datasetId: string, version: number): Promise<VersionRowReader> {
    const plan = await this.planOf(datasetId, version)
    return new PostgresVersionRows(this.connection.pool, qualifiedTable(versionTableName(datasetId, version)), plan.fields, plan.primaryKey)
  }

  async countKeyChanges(datasetId: string, from: number, to: number, comparison: KeyComparison): Promise<KeyChangeCounts> {
    return this.countAcross(datasetId, from, to, (later, earlier) => keyChangesSql(comparison, later, earlier, { quote: quoteIdent, nullSafeEqual: 'IS NOT DISTINCT FROM' }))
  }

  async countContentMatches(datasetId: string, from: number, to: number, comparison: ContentComparison): Promise<number> {
    const { matched } = await this.countAcross<{ matched: number }>(datasetId, from, to, (later, earlier) => contentMatchesSql(comparison, later, earlier, { quote: quoteIdent }))
    return matched
  }

  private async countAcross<T extends pg.QueryResultRow>(datasetId: string, from: number, to: number, sql: (later: string, earlier: string) => string): Promise<T> {
    await this.planOf(datasetId, from)
    await this.planOf(datasetId, to)
    const table = (version: number): string => qualifiedTable(versionTableName(datasetId, version))
    const { rows } = await this.connection.pool.query<T>(sql(table(to), table(from)))
    return rows[0] as T
  }

  private removeVersionFiles(datasetId: string, version: number): void {
    fs.rmSync(this.versionDir(datasetId, version), { recursive: true, force: true })
  }

  /** Drops version tables after the transaction that unlisted them; one a failure leaves is swept at the next open. */
  private async dropVersions(list: ReadonlyArray<{ datasetId: string; version: number }>): Promise<void> {
    for (const { datasetId, version } of list) {
      this.tables.delete(versionTableName(datasetId, version))
      await this.connection.pool.query(`DROP TABLE IF EXISTS ${qualifiedTable(versionTableName(datasetId, version))}`).catch(() => undefined)
      this.removeVersionFiles(datasetId, version)
    }
  }

  /** Gives back the number of a version that was being built (see the SQLite store: numbers count publications). */
  private async dropBuilding(tx: Transaction | Db, datasetId: string, version: number): Promise<void> {
    await tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, version), eq(versions.status, 'building')))
    await tx.update(datasets).set({ lastVersion: version - 1 }).where(and(eq(datasets.id, datasetId), eq(datasets.lastVersion, version)))
  }

  /**
   * Removes what crashed builds left, on any server: a `building` record whose build lock nobody holds
   * (the builder's session ended with it), and every table of the rows schema no version record names.
   */
  private async sweepAbandonedBuilds(): Promise<void> {
    const { pool, db } = this.connection
    const building = await db.select().from(versions).where(eq(versions.status, 'building'))
    for (const row of building) {
      const client = await holdConnection(pool)
      try {
        const taken = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [BUILD_LOCK, row.datasetId])
        if (!taken.rows[0]?.ok) continue
        await db.transaction((tx) => this.dropBuilding(tx, row.datasetId, row.version))
        await client.query(`DROP TABLE IF EXISTS ${qualifiedTable(versionTableName(row.datasetId, row.version))}`)
        this.removeVersionFiles(row.datasetId, row.version)
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [BUILD_LOCK, row.datasetId])
      } finally {
        client.release()
      }
    }
    // tables first: a build commits its record before it creates its table, so any table listed here has a
    // record the later read sees, and a build starting meanwhile is not taken for an orphan
    const tables = await pool.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [ROWS_SCHEMA])
    const known = new Set((await db.select({ d: versions.datasetId, v: versions.version }).from(versions)).map((r) => versionTableName(r.d, r.v)))
    for (const { name } of tables.rows) if (!known.has(name)) await pool.query(`DROP TABLE IF EXISTS ${qualifiedTable(name)}`)
  }

  /** Withdraws published versions inside the caller's transaction; tables and files go after the commit. */
  private async withdrawIn(tx: Transaction, datasetId: string, stale: ReadonlyArray<{ row: VersionRow; reasons: readonly string[] }>, by: WithdrawnVersion['by'], now: string): Promise<Withdrawal[]> {
    const withdrawn: Withdrawal[] = []
    for (const { row, reasons } of stale) {
      await tx.insert(withdrawnVersions).values({
        datasetId, version: row.version, withdrawnAt: now, withdrawnBy: by, reasonsJson: JSON.stringify(reasons), fingerprint: row.fingerprint,
      }).onConflictDoNothing()
      await tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, row.version)))
      withdrawn.push({ datasetId, version: row.version, withdrawnAt: now, by, reasons: [...reasons], fingerprint: row.fingerprint })
    }
    if (withdrawn.length === 0) return withdrawn
    const [dataset] = await tx.select({ currentVersion: datasets.currentVersion }).from(datasets).where(eq(datasets.id, datasetId))
    const currentGone = withdrawn.some((w) => w.version === dataset?.currentVersion)
    await tx.update(datasets).set({ updatedAt: now, ...(currentGone ? { currentVersion: null, rowCount: null } : {}) }).where(eq(datasets.id, datasetId))
    return withdrawn
  }

  async syncCatalog(entries: readonly CatalogEntry[], presentIds: ReadonlySet<string>): Promise<Withdrawal[]> {
    const now = new Date().toISOString()
    const unpublish: Array<{ datasetId: string; version: number }> = []
    const withdrawn: Withdrawal[] = []
    const changed: string[] = []
    const changes = await (await this.db()).transaction(async (tx) => {
      await lockEventLog(tx)
      for (const entry of entries) {
        const entryJson = JSON.stringify(entry)
        const [existing] = await tx.select({ entryJson: datasets.entryJson, open: datasets.open }).from(datasets).where(eq(datasets.id, entry.id))
        await appendEvents(tx, entryEvents(entry, existing, now))
        const columns = {
          entryJson,
          title: entry.title,
          titleEn: entry.title_en ?? null,
          theme: entry.theme,
          grade: entry.grade,
          open: entry.open,
          provider: entry.provider.name,
          updateFrequency: entry.update_frequency ?? null,
          keywords: entry.keywords ?? [],
          searchBody: searchBody(entry),
        }
        if (!existing) await tx.insert(datasets).values({ id: entry.id, ...columns, updatedAt: now })
        else if (existing.entryJson !== entryJson) await tx.update(datasets).set({ ...columns, updatedAt: now }).where(eq(datasets.id, entry.id))
        if (existing?.entryJson !== entryJson) changed.push(entry.id)
        // in the transaction that installs the entry, so nothing is served under it that a looser one published
        const kept = await tx.select().from(versions).where(and(eq(versions.datasetId, entry.id), eq(versions.status, 'published')))
        const stale = kept.map((row) => ({ row, reasons: tighteningsSince(builtTerms(row), entry) })).filter((s) => s.reasons.length > 0)
        withdrawn.push(...await this.withdrawIn(tx, entry.id, stale, 'catalog', now))
      }
      for (const gone of await tx.select().from(datasets)) {
        const { id } = gone
        if (presentIds.has(id)) continue
        await appendEvents(tx, [eventRow({ ...gone, id }, { type: 'dataset.closed', reason: 'removed' }, now)])
        const kept = await tx.select().from(versions).where(eq(versions.datasetId, id))
        unpublish.push(...kept.map((v) => ({ datasetId: id, version: v.version })))
        await tx.delete(versions).where(eq(versions.datasetId, id))
        await tx.delete(withdrawnVersions).where(eq(withdrawnVersions.datasetId, id))
        await tx.delete(datasets).where(eq(datasets.id, id))
        changed.push(id)
      }
      return this.notify(tx, [...changed, ...withdrawn.map((w) => w.datasetId)])
    })
    for (const change of changes) this.forget(change)
    await this.dropVersions([...unpublish, ...withdrawn])
    return withdrawn
  }

  async withdrawVersions(datasetId: string, list: readonly number[], reasons: readonly string[]): Promise<Withdrawal[]> {
    const now = new Date().toISOString()
    const withdrawn = await (await this.db()).transaction(async (tx) => {
      const kept = await tx.select().from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.status, 'published')))
      const gone = await this.withdrawIn(tx, datasetId, kept.filter((row) => list.includes(row.version)).map((row) => ({ row, reasons })), 'operator', now)
      await this.notify(tx, gone.map((w) => w.datasetId))
      return gone
    })
    if (withdrawn.length > 0) this.forget({ topic: 'dataset', id: datasetId })
    await this.dropVersions(withdrawn)
    return withdrawn
  }

  async listDatasets(search: DatasetSearch): Promise<DatasetPage> {
    // listening from the first read on: a command that only writes (an ingest, a revocation) never listens
    this.feed.ensureListening()
    return this.listings.get(JSON.stringify(search), () => this.readListing(search))
  }

  private async readListing(search: DatasetSearch): Promise<DatasetPage> {
    await this.ready
    const { pool } = this.connection
    const where = buildCatalogWhere(search)
    const total = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM datasets d ${where.sql}`, where.params)
    const params = [...where.params]
    const order = orderBy(search, params)
    const limit = `LIMIT $${params.push(search.perPage)} OFFSET $${params.push((search.page - 1) * search.perPage)}`
    const rows = await pool.query(`SELECT d.* FROM datasets d ${where.sql} ${order} ${limit}`, params)
    const facet = async (column: string): Promise<FacetCount[]> => (await pool.query<FacetCount>(facetSql(column, where.sql), where.params)).rows
    const [theme, grade, open, provider, updateFrequency] = await Promise.all([
      facet('d.theme COLLATE "C"'), facet('d.grade'), facet('d.open COLLATE "C"'), facet('d.provider COLLATE "C"'), facet('d.update_frequency COLLATE "C"'),
    ])
    return {
      total: total.rows[0]?.count ?? 0,
      items: rows.rows.map(toSummary),
      facets: { theme, grade, open, provider, update_frequency: updateFrequency },
    }
  }

  async getDataset(id: string): Promise<DatasetRecord | undefined> {
    // listening from the first read on: a command that only writes (an ingest, a revocation) never listens
    this.feed.ensureListening()
    return this.records.get(id, () => this.readDataset(id))
  }

  private async readDataset(id: string): Promise<DatasetRecord | undefined> {
    const db = await this.db()
    const [[row], kept, withdrawn] = await Promise.all([
      db.select().from(datasets).where(eq(datasets.id, id)),
      db.select().from(versions).where(and(eq(versions.datasetId, id), eq(versions.status, 'published'))).orderBy(desc(versions.version)),
      db.select().from(withdrawnVersions).where(eq(withdrawnVersions.datasetId, id)).orderBy(desc(withdrawnVersions.version)),
    ])
    if (!row) return undefined
    const infos = kept.map(toVersionInfo)
    const current = infos.find((v) => v.version === row.currentVersion)
    return { id, entry: JSON.parse(row.entryJson) as CatalogEntry, updatedAt: row.updatedAt, ...(current ? { current } : {}), versions: infos, withdrawn: withdrawn.map(toWithdrawn) }
  }

  async beginVersion(datasetId: string, plan: VersionPlan): Promise<VersionWriter> {
    const db = await this.db()
    const client = await holdConnection(this.connection.pool)
    let version: number
    try {
      // the build lock lives as long as this session: a crashed builder's is gone with its connection
      const taken = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [BUILD_LOCK, datasetId])
      if (!taken.rows[0]?.ok) throw new Error(`another ingest of ${datasetId} is running`)
      version = await db.transaction(async (tx) => {
        const [dataset] = await tx.select({ lastVersion: datasets.lastVersion }).from(datasets).where(eq(datasets.id, datasetId)).for('update')
        if (!dataset) throw new Error(`dataset ${datasetId} is not in the catalog`)
        // a building record is left only by a builder whose lock we now hold: it crashed
        const [stale] = await tx.select({ version: versions.version }).from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.status, 'building')))
        if (stale) await tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, stale.version)))
        const next = (stale && stale.version === dataset.lastVersion ? stale.version - 1 : dataset.lastVersion) + 1
        await tx.update(datasets).set({ lastVersion: next }).where(eq(datasets.id, datasetId))
        await tx.insert(versions).values({ datasetId, version: next, status: 'building', createdAt: new Date().toISOString(), planJson: JSON.stringify(plan), fingerprint: plan.fingerprint })
        return next
      })
      const table = new VersionTableWriter(client, qualifiedTable(versionTableName(datasetId, version)), tableLayout(plan))
      await table.drop()
      await table.create()
      this.removeVersionFiles(datasetId, version)
      fs.mkdirSync(this.versionDir(datasetId, version), { recursive: true, mode: 0o700 })
      return this.versionWriter(datasetId, version, client, table)
    } catch (error) {
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined)
      client.release()
      throw error
    }
  }

  async beginTrialVersion(datasetId: string, plan: VersionPlan): Promise<VersionWriter> {
    await this.ready
    // a temporary table: no metadata, no version number, and gone with the session if the process dies
    const client = await holdConnection(this.connection.pool)
    const table = new VersionTableWriter(client, `pg_temp.${quoteIdent(`trial_${crypto.randomUUID()}`)}`, tableLayout(plan))
    try {
      await table.create({ temporary: true })
    } catch (error) {
      client.release(error as Error)
      throw error
    }
    let open = true
    const finish = async (): Promise<void> => {
      if (!open) return
      open = false
      await table.drop().finally(() => client.release())
    }
    return {
      version: 0,
      insert: (batch) => table.insert(batch),
      removeSmallGroups: (columns, k) => table.removeSmallGroups(columns, k),
      complete: () => table.complete(),
      publish: async () => {
        throw new Error(`a trial version of ${datasetId} is never published`)
      },
      abort: finish,
    }
  }

  private versionWriter(datasetId: string, version: number, client: pg.PoolClient, table: VersionTableWriter): VersionWriter {
    const where = and(eq(versions.datasetId, datasetId), eq(versions.version, version))
    let open = true
    const end = async (): Promise<void> => {
      if (!open) return
      open = false
      await client.query('DROP TABLE IF EXISTS gongkai_stage').catch(() => undefined)
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [BUILD_LOCK, datasetId]).catch(() => undefined)
      client.release()
    }
    return {
      version,
      insert: (batch) => table.insert(batch),
      removeSmallGroups: (columns, k) => table.removeSmallGroups(columns, k),
      complete: () => table.complete(),
      publish: async (entry, rowCount, changes) => {
        const now = new Date().toISOString()
        const pruned = await (await this.db()).transaction(async (tx) => {
          await lockEventLog(tx)
          // another server may have synchronised a stricter entry while this version was built under `entry`
          const [catalog] = await tx.select({ entryJson: datasets.entryJson }).from(datasets).where(eq(datasets.id, datasetId)).for('update')
          const [built] = await tx.select({ plan: versions.planJson }).from(versions).where(where)
          const plan = JSON.parse((built as { plan: string }).plan) as VersionPlan
          const reasons = catalog ? tighteningsSince(termsOf(entry, plan.fields), JSON.parse(catalog.entryJson) as CatalogEntry) : []
          if (reasons.length > 0) throw new StricterEntryError(datasetId, reasons)
          await tx.update(versions).set({
            status: 'published', publishedAt: now, rowCount, entryJson: JSON.stringify(entry), changesJson: changes ? JSON.stringify(changes) : null,
          }).where(where)
          await tx.update(datasets).set({ currentVersion: version, rowCount, updatedAt: now }).where(eq(datasets.id, datasetId))
          await appendEvents(tx, publishEvents(entry, version, rowCount, changes, now))
          const old = (await tx.select({ version: versions.version }).from(versions)
            .where(and(eq(versions.datasetId, datasetId), eq(versions.status, 'published')))
            .orderBy(desc(versions.version))).slice(this.keepVersions).map((v) => v.version)
          for (const v of old) await tx.delete(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, v)))
          await this.notify(tx, [datasetId])
          return old
        })
        this.forget({ topic: 'dataset', id: datasetId })
        await end()
        await this.dropVersions(pruned.map((v) => ({ datasetId, version: v })))
        return { pruned }
      },
      abort: async () => {
        if (!open) return
        await table.drop().catch(() => undefined)
        await this.dropBuilding(await this.db(), datasetId, version)
        this.removeVersionFiles(datasetId, version)
        await end()
      },
    }
  }

  private async publishedInfo(datasetId: string, version: number): Promise<VersionInfo> {
    const [row] = await (await this.db()).select().from(versions).where(and(eq(versions.datasetId, datasetId), eq(versions.version, version)))
    if (!row || row.status !== 'published') throw new Error(`version ${version} of ${datasetId} is not published`)
    return toVersionInfo(row)
  }

  async readRows(datasetId: string, version: number, options: { after?: CellValue; limit: number }): Promise<RowPage> {
    const info = await this.publishedInfo(datasetId, version)
    const key = info.primaryKey ?? ROW_ID
    const columns = [...info.fields.map((f) => quoteIdent(f.name)), ...(info.primaryKey ? [] : [ROW_ID])].join(', ')
    const params: unknown[] = [options.limit + 1]
    const after = options.after === undefined ? '' : `WHERE ${quoteIdent(key)} > $${params.push(options.after)}`
    const result = await this.connection.pool.query<Record<string, CellValue>>(
      `SELECT ${columns} FROM ${qualifiedTable(versionTableName(datasetId, version))} ${after} ORDER BY ${quoteIdent(key)} NULLS FIRST LIMIT $1`, params)
    const rows = result.rows
    const more = rows.length > options.limit
    if (more) rows.pop()
    const last = rows[rows.length - 1]
    const lastKey = more && last ? last[key] : undefined
    if (!info.primaryKey) for (const row of rows) delete row[ROW_ID]
    return lastKey === undefined ? { rows } : { rows, lastKey }
  }

  async versionTable(datasetId: string, version: number): Promise<VersionTable> {
    const name = versionTableName(datasetId, version)
    const known = this.tables.get(name)
    if (known) return known
    const info = await this.publishedInfo(datasetId, version)
    const table: VersionTable = {
      info,
      dialect: 'postgres',
      shape: {
        table: qualifiedTable(name),
        fields: info.fields.map((f) => ({ name: f.name, type: f.type, searchable: f.searchable })),
        tiebreaker: info.primaryKey ?? ROW_ID,
        fullText: info.fields.some((f) => f.searchable),
        rowCount: info.rowCount,
        rowsPerValue: await this.rowsPerValue(name, info.rowCount),
      },
    }
    this.tables.set(name, table)
    return table
  }

  /** Average rows per distinct value of each column, from ANALYZE (pg_stats.n_distinct: negative is a fraction of the rows). */
  private async rowsPerValue(table: string, rowCount: number): Promise<Map<string, number>> {
    const stats = await this.connection.pool.query<{ name: string; distinct: number }>(
      'SELECT attname AS name, n_distinct AS distinct FROM pg_stats WHERE schemaname = $1 AND tablename = $2', [ROWS_SCHEMA, table])
    const result = new Map<string, number>()
    for (const { name, distinct } of stats.rows) {
      const values = distinct < 0 ? -distinct * rowCount : distinct
      if (values > 0) result.set(name, rowCount / values)
    }
    return result
  }

  async execute(datasetId: string, version: number, job: TableJob, context: ExecuteContext): Promise<JobResult> {
    await this.ready
    return this.runner.run(job, context)
  }

  async listEvents(query: EventQuery): Promise<CatalogEvent[]> {
    const rows = await (await this.db()).select().from(catalogEvents).where(eventWhere(catalogEvents, query)).orderBy(eventOrder(catalogEvents, query)).limit(query.limit)
    return rows.map(toCatalogEvent)
  }

  async saveReport(datasetId: string, status: string, report: unknown): Promise<number> {
    const [row] = await (await this.db()).insert(ingestReports)
      .values({ datasetId, status, startedAt: new Date().toISOString(), reportJson: JSON.stringify(report) })
      .returning({ id: ingestReports.id })
    return (row as { id: number }).id
  }

  async listReports(datasetId?: string, limit = 50, beforeId?: number): Promise<StoredReport[]> {
    const rows = await (await this.db()).select().from(ingestReports)
      .where(and(datasetId ? eq(ingestReports.datasetId, datasetId) : undefined, beforeId !== undefined ? lt(ingestReports.id, beforeId) : undefined))
      .orderBy(desc(ingestReports.id)).limit(limit)
    return rows.map((r) => ({ id: r.id, datasetId: r.datasetId, status: r.status, startedAt: r.startedAt, report: JSON.parse(r.reportJson) }))
  }

  /**
   * One ingest at a time across every server on the database: a session advisory lock on a connection
   * held for the ingest. The server drops it when that session ends, however the holder ends.
   */
  async lockIngest(): Promise<IngestHold> {
    await this.ready
    const client = await holdConnection(this.connection.pool)
    const taken = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [INGEST_LOCK]).catch((error: Error) => {
      client.release(error)
      throw error
    })
    if (!taken.rows[0]?.ok) {
      client.release()
      throw new IngestLockedError(undefined)
    }
    let held = true
    return {
      release: async () => {
        if (!held) return
        held = false
        await client.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK]).catch(() => undefined)
        client.release()
      },
    }
  }

  async warmUp(): Promise<void> {
    await this.ready
  }

  async ping(): Promise<void> {
    await this.ready
    await this.connection.pool.query('SELECT 1')
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined)
    await this.feed.close()
    await this.connection.pool.end()
  }
}

async function lockEventLog(tx: Transaction): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${EVENT_LOCK})`)
}

async function appendEvents(tx: Transaction, events: readonly NewStoredEvent[]): Promise<void> {
  if (events.length > 0) await tx.insert(catalogEvents).values([...events])
}
