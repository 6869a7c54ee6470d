import { and, asc, eq, gt, gte, lte, or, isNull } from 'drizzle-orm'
import type {
  AccessStore, ApiKeyRecord, ApplicationRecord, AuditEntry, AuditQuery, AuditRecord, Decision, GrantRecord, KeyCredentials,
  NewApiKey, NewApplication,
} from '../access-types.ts'
import { toApplication, toAudit, toKey } from '../access-records.ts'
import { connect, type Connection } from './connect.ts'
import { apiKeys, applications, auditLog, grants } from './tables.ts'

/**
 * The access store in PostgreSQL: every server of a deployment reads the same keys, grants and audit
 * log, and every authentication reads the key afresh, so a revocation holds on each from its next request.
 */
export class PostgresAccessStore implements AccessStore {
  private readonly connection: Connection

  constructor(url: string) {
    this.connection = connect(url, { max: 5 })
  }

  private async db(): Promise<Connection['db']> {
    await this.connection.ready
    return this.connection.db
  }

  async createKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const [row] = await (await this.db()).insert(apiKeys).values({
      id: key.id, name: key.name, tier: key.tier, secretSha256: key.secretDigest, createdAt: key.createdAt, expiresOn: key.expiresOn ?? null,
    }).returning()
    return toKey(row as typeof apiKeys.$inferSelect)
  }

  async getKey(id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await (await this.db()).select().from(apiKeys).where(eq(apiKeys.id, id))
    return row ? toKey(row) : undefined
  }

  async credentials(id: string, today: string): Promise<KeyCredentials | undefined> {
    const db = await this.db()
    const [[row], granted] = await Promise.all([
      db.select().from(apiKeys).where(eq(apiKeys.id, id)),
      db.selectDistinct({ datasetId: grants.datasetId }).from(grants).where(and(eq(grants.keyId, id), gte(grants.expiresOn, today))),
    ])
    if (!row) return undefined
    return { key: toKey(row), secretDigest: row.secretSha256, grantedDatasets: granted.map((g) => g.datasetId) }
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return (await (await this.db()).select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))).map(toKey)
  }

  async revokeKey(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    await (await this.db()).update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    return this.getKey(id)
  }

  async touchKey(id: string, at: string, minIntervalMs: number): Promise<void> {
    const before = new Date(Date.parse(at) - minIntervalMs).toISOString()
    await (await this.db()).update(apiKeys).set({ lastUsedAt: at })
      .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, before))))
  }

  async createApplication(application: NewApplication): Promise<ApplicationRecord | undefined> {
    const [row] = await (await this.db()).insert(applications).values({ ...application, status: 'pending' }).onConflictDoNothing().returning()
    return row ? toApplication(row) : undefined
  }

  async getApplication(id: number): Promise<ApplicationRecord | undefined> {
    const [row] = await (await this.db()).select().from(applications).where(eq(applications.id, id))
    return row ? toApplication(row) : undefined
  }

  async listApplications(filter: { keyId?: string; status?: ApplicationRecord['status'] }): Promise<ApplicationRecord[]> {
    const conditions = [
      filter.keyId !== undefined ? eq(applications.keyId, filter.keyId) : undefined,
      filter.status !== undefined ? eq(applications.status, filter.status) : undefined,
    ]
    return (await (await this.db()).select().from(applications).where(and(...conditions)).orderBy(asc(applications.id))).map(toApplication)
  }

  async decideApplication(id: number, decision: Decision): Promise<ApplicationRecord | undefined> {
    return (await this.db()).transaction(async (tx) => {
      const pending = and(eq(applications.id, id), eq(applications.status, 'pending'))
      const common = { status: decision.status, decidedAt: decision.decidedAt, decidedBy: decision.decidedBy }
      const [row] = decision.status === 'approved'
        ? await tx.update(applications).set({ ...common, expiresOn: decision.expiresOn }).where(pending).returning()
        : await tx.update(applications).set({ ...common, reason: decision.reason }).where(pending).returning()
      if (!row) return undefined
      if (decision.status === 'approved') {
        await tx.insert(grants).values({ keyId: row.keyId, datasetId: row.datasetId, applicationId: row.id, grantedAt: decision.decidedAt, expiresOn: decision.expiresOn })
      }
      return toApplication(row)
    })
  }

  async listGrants(keyId: string, today: string): Promise<GrantRecord[]> {
    return (await this.db()).select().from(grants).where(and(eq(grants.keyId, keyId), gte(grants.expiresOn, today)))
      .orderBy(asc(grants.expiresOn), asc(grants.id))
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await (await this.db()).insert(auditLog).values({
      at: entry.at, keyId: entry.keyId ?? null, datasetId: entry.datasetId, version: entry.version ?? null,
      route: entry.route, status: entry.status, rows: entry.rows ?? null, bytes: entry.bytes ?? null,
    })
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const conditions = [
      query.datasetId !== undefined ? eq(auditLog.datasetId, query.datasetId) : undefined,
      query.keyId !== undefined ? eq(auditLog.keyId, query.keyId) : undefined,
      query.since !== undefined ? gte(auditLog.at, query.since) : undefined,
      query.afterId !== undefined ? gt(auditLog.id, query.afterId) : undefined,
    ]
    return (await (await this.db()).select().from(auditLog).where(and(...conditions)).orderBy(asc(auditLog.id)).limit(query.limit)).map(toAudit)
  }

  async close(): Promise<void> {
    await this.connection.pool.end()
  }
}
