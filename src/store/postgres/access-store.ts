import { and, asc, eq, gt, gte, lte, or, isNull } from 'drizzle-orm'
import type {
  AccessStore, ApiKeyRecord, ApplicationRecord, AuditEntry, AuditQuery, AuditRecord, Decision, GrantRecord, KeyCredentials,
  NewApiKey, NewApplication,
} from '../access-types.ts'
import { toApplication, toAudit, toKey } from '../access-records.ts'
import { ChangeFeed, notifyChange, type Heard } from './change-feed.ts'
import { connect, type Connection, type Transaction } from './connect.ts'
import { NotifiedCache } from './notified-cache.ts'
import { apiKeys, applications, auditLog, grants } from './tables.ts'

/**
 * The access store in PostgreSQL: every server of a deployment reads the same keys, grants and audit
 * log. What authentication reads of a key is kept until a change notification (change-feed.ts) says the
 * key or its grants changed, so a revocation holds on every server once its commit is heard, without a
 * read per request.
 */
export class PostgresAccessStore implements AccessStore {
  private readonly connection: Connection
  private readonly feed: ChangeFeed
  /** By `<key id> <day>`: which grants are live depends on the day. */
  private readonly credentialsOf: NotifiedCache<KeyCredentials | undefined>

  constructor(url: string) {
    this.connection = connect(url, { max: 5 })
    this.feed = new ChangeFeed(url)
    this.credentialsOf = new NotifiedCache(this.feed, 10_000)
    this.feed.subscribe((heard) => this.forget(heard))
  }

  private forget(heard: Heard): void {
    if (heard === 'everything') this.credentialsOf.clear()
    else if (heard.topic === 'key') this.forgetKey(heard.id)
  }

  private forgetKey(id: string): void {
    this.credentialsOf.forgetWhere((key) => key.startsWith(`${id} `))
  }

  /** A write to a key others may have cached, in one transaction with its notification. */
  private async changeKey<T>(id: string, write: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await (await this.db()).transaction(async (tx) => {
      const written = await write(tx)
      await notifyChange(tx, { topic: 'key', id })
      return written
    })
    this.forgetKey(id)
    return result
  }

  private async db(): Promise<Connection['db']> {
    await this.connection.ready
    return this.connection.db
  }

  async createKey(key: NewApiKey): Promise<ApiKeyRecord> {
    // a server may have kept that this id is unknown
    const [row] = await this.changeKey(key.id, (tx) => tx.insert(apiKeys).values({
      id: key.id, name: key.name, tier: key.tier, secretSha256: key.secretDigest, createdAt: key.createdAt, expiresOn: key.expiresOn ?? null,
    }).returning())
    return toKey(row as typeof apiKeys.$inferSelect)
  }

  async getKey(id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await (await this.db()).select().from(apiKeys).where(eq(apiKeys.id, id))
    return row ? toKey(row) : undefined
  }

  async credentials(id: string, today: string): Promise<KeyCredentials | undefined> {
    this.feed.ensureListening()
    return this.credentialsOf.get(`${id} ${today}`, () => this.readCredentials(id, today))
  }

  private async readCredentials(id: string, today: string): Promise<KeyCredentials | undefined> {
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
    await this.changeKey(id, (tx) => tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))))
    return this.getKey(id)
  }

  async touchKey(id: string, at: string, minIntervalMs: number): Promise<void> {
    const before = new Date(Date.parse(at) - minIntervalMs).toISOString()
    await (await this.db()).update(apiKeys).set({ lastUsedAt: at })
      .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, before))))
    // informational, so not worth a notification: this server reads it again, the others within their minute
    this.forgetKey(id)
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
    const decided = await (await this.db()).transaction(async (tx) => {
      const pending = and(eq(applications.id, id), eq(applications.status, 'pending'))
      const common = { status: decision.status, decidedAt: decision.decidedAt, decidedBy: decision.decidedBy }
      const [row] = decision.status === 'approved'
        ? await tx.update(applications).set({ ...common, expiresOn: decision.expiresOn }).where(pending).returning()
        : await tx.update(applications).set({ ...common, reason: decision.reason }).where(pending).returning()
      if (!row) return undefined
      if (decision.status === 'approved') {
        await tx.insert(grants).values({ keyId: row.keyId, datasetId: row.datasetId, applicationId: row.id, grantedAt: decision.decidedAt, expiresOn: decision.expiresOn })
        await notifyChange(tx, { topic: 'key', id: row.keyId })
      }
      return toApplication(row)
    })
    if (decided?.status === 'approved') this.forgetKey(decided.keyId)
    return decided
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
    await this.feed.close()
    await this.connection.pool.end()
  }
}
