import Database from 'better-sqlite3'
import { and, asc, eq, gt, gte, lte, or, isNull, sql } from 'drizzle-orm'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type {
  AccessStore, ApiKeyRecord, ApplicationRecord, AuditEntry, AuditQuery, AuditRecord, Decision, GrantRecord, KeyCredentials,
  NewApiKey, NewApplication,
} from '../access-types.ts'
import { toApplication, toAudit, toKey } from '../access-records.ts'
import { openMetadataDatabase } from './migrations.ts'
import { apiKeys, applications, auditLog, grants } from './tables.ts'

/**
 * The access store in the same WAL-mode SQLite file as the dataset metadata, on a connection of its
 * own: the CLI and a running server each open one, and every authentication reads the key afresh, so
 * a revocation by the CLI holds from the server's next request on.
 */
export class SqliteAccessStore implements AccessStore {
  private readonly sqlite: Database.Database
  private readonly db: BetterSQLite3Database
  private readonly keyById
  private readonly grantedIds

  constructor(dataDir: string) {
    this.sqlite = openMetadataDatabase(dataDir)
    this.db = drizzle({ client: this.sqlite })
    // the two reads of every authenticated request, prepared once
    this.keyById = this.db.select().from(apiKeys).where(eq(apiKeys.id, sql.placeholder('id'))).prepare()
    this.grantedIds = this.db.selectDistinct({ datasetId: grants.datasetId }).from(grants)
      .where(and(eq(grants.keyId, sql.placeholder('keyId')), gte(grants.expiresOn, sql.placeholder('today')))).prepare()
  }

  async createKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const row = this.db.insert(apiKeys).values({
      id: key.id, name: key.name, tier: key.tier, secretSha256: key.secretDigest, createdAt: key.createdAt, expiresOn: key.expiresOn ?? null,
    }).returning().get()
    return toKey(row)
  }

  async getKey(id: string): Promise<ApiKeyRecord | undefined> {
    const row = this.keyById.get({ id })
    return row ? toKey(row) : undefined
  }

  async credentials(id: string, today: string): Promise<KeyCredentials | undefined> {
    const row = this.keyById.get({ id })
    if (!row) return undefined
    const granted = this.grantedIds.all({ keyId: id, today }).map((g) => g.datasetId)
    return { key: toKey(row), secretDigest: row.secretSha256, grantedDatasets: granted }
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return this.db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all().map(toKey)
  }

  async revokeKey(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    this.db.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run()
    return this.getKey(id)
  }

  async touchKey(id: string, at: string, minIntervalMs: number): Promise<void> {
    const before = new Date(Date.parse(at) - minIntervalMs).toISOString()
    this.db.update(apiKeys).set({ lastUsedAt: at })
      .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, before)))).run()
  }

  async createApplication(application: NewApplication): Promise<ApplicationRecord | undefined> {
    const row = this.db.insert(applications).values({ ...application, status: 'pending' })
      .onConflictDoNothing().returning().get()
    return row ? toApplication(row) : undefined
  }

  async getApplication(id: number): Promise<ApplicationRecord | undefined> {
    const row = this.db.select().from(applications).where(eq(applications.id, id)).get()
    return row ? toApplication(row) : undefined
  }

  async listApplications(filter: { keyId?: string; status?: ApplicationRecord['status'] }): Promise<ApplicationRecord[]> {
    const conditions = [
      filter.keyId !== undefined ? eq(applications.keyId, filter.keyId) : undefined,
      filter.status !== undefined ? eq(applications.status, filter.status) : undefined,
    ]
    return this.db.select().from(applications).where(and(...conditions)).orderBy(asc(applications.id)).all().map(toApplication)
  }

  async decideApplication(id: number, decision: Decision): Promise<ApplicationRecord | undefined> {
    return this.db.transaction((tx) => {
      const pending = and(eq(applications.id, id), eq(applications.status, 'pending'))
      const common = { status: decision.status, decidedAt: decision.decidedAt, decidedBy: decision.decidedBy }
      const row = decision.status === 'approved'
        ? tx.update(applications).set({ ...common, expiresOn: decision.expiresOn }).where(pending).returning().get()
        : tx.update(applications).set({ ...common, reason: decision.reason }).where(pending).returning().get()
      if (!row) return undefined
      if (decision.status === 'approved') {
        tx.insert(grants).values({ keyId: row.keyId, datasetId: row.datasetId, applicationId: row.id, grantedAt: decision.decidedAt, expiresOn: decision.expiresOn }).run()
      }
      return toApplication(row)
    })
  }

  async listGrants(keyId: string, today: string): Promise<GrantRecord[]> {
    return this.db.select().from(grants).where(and(eq(grants.keyId, keyId), gte(grants.expiresOn, today)))
      .orderBy(asc(grants.expiresOn), asc(grants.id)).all()
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.db.insert(auditLog).values({
      at: entry.at, keyId: entry.keyId ?? null, datasetId: entry.datasetId, version: entry.version ?? null,
      route: entry.route, status: entry.status, rows: entry.rows ?? null, bytes: entry.bytes ?? null,
    }).run()
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const conditions = [
      query.datasetId !== undefined ? eq(auditLog.datasetId, query.datasetId) : undefined,
      query.keyId !== undefined ? eq(auditLog.keyId, query.keyId) : undefined,
      query.since !== undefined ? gte(auditLog.at, query.since) : undefined,
      query.afterId !== undefined ? gt(auditLog.id, query.afterId) : undefined,
    ]
    return this.db.select().from(auditLog).where(and(...conditions)).orderBy(asc(auditLog.id)).limit(query.limit).all().map(toAudit)
  }

  async close(): Promise<void> {
    this.sqlite.close()
  }
}
