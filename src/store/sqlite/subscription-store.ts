import type Database from 'better-sqlite3'
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import {
  attemptRow, claimedColumns, deliveryAfter, deliveryRow, subscriptionAfter, subscriptionRow, toAttempt, toClaimed, toDelivery, toSubscription,
} from '../subscription-records.ts'
import type {
  AttemptOutcome, AttemptRecord, ClaimedDelivery, DeliveryRecord, NewDelivery, NewSubscription, SubscriptionRecord, SubscriptionStore,
} from '../subscription-types.ts'
import { openMetadataDatabase } from './migrations.ts'
import { catalogEvents, webhookAttempts, webhookCursor, webhookDeliveries, webhookSubscriptions } from './tables.ts'

/** Rows per INSERT: well under SQLite's limit of bound parameters. */
const INSERT_CHUNK = 500

/**
 * The webhook store in the embedded metadata database, on a connection of its own. SQLite has one writer
 * at a time, so the cursor's compare-and-set and the claims need no row locks: each runs as one immediate
 * transaction, and a process that comes second (a `--workers` sibling, a CLI) sees what the first wrote.
 */
export class SqliteSubscriptionStore implements SubscriptionStore {
  private readonly sqlite: Database.Database
  private readonly db: BetterSQLite3Database

  constructor(dataDir: string) {
    this.sqlite = openMetadataDatabase(dataDir)
    this.db = drizzle({ client: this.sqlite })
  }

  async createSubscription(subscription: NewSubscription): Promise<SubscriptionRecord> {
    const newest = sql<number>`(SELECT coalesce(max(${catalogEvents.id}), 0) FROM ${catalogEvents})`
    const row = this.db.insert(webhookSubscriptions).values({ ...subscriptionRow(subscription), afterEventId: newest }).returning().get()
    return toSubscription(row)
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const row = this.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).get()
    return row ? toSubscription(row) : undefined
  }

  async listSubscriptions(filter: { keyId: string } | { enabled: true }): Promise<SubscriptionRecord[]> {
    const where = 'keyId' in filter ? eq(webhookSubscriptions.keyId, filter.keyId) : isNull(webhookSubscriptions.disabledAt)
    return this.db.select().from(webhookSubscriptions).where(where).orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id)).all().map(toSubscription)
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return this.db.transaction((tx) => {
      const deliveries = tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id))
      tx.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, deliveries)).run()
      tx.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id)).run()
      return tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).run().changes > 0
    }, { behavior: 'immediate' })
  }

  async enableSubscription(id: string, now: string): Promise<SubscriptionRecord | undefined> {
    this.db.transaction((tx) => {
      const enabled = tx.update(webhookSubscriptions).set({ disabledAt: null, disabledReason: null, consecutiveFailures: 0 })
        .where(and(eq(webhookSubscriptions.id, id), isNotNull(webhookSubscriptions.disabledAt))).run()
      if (enabled.changes === 0) return
      tx.update(webhookDeliveries).set({ nextAttemptAt: now, leaseUntil: null })
        .where(and(eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.status, 'pending'))).run()
    }, { behavior: 'immediate' })
    return this.getSubscription(id)
  }

  async fanOutCursor(): Promise<number> {
    return this.db.select({ last: webhookCursor.lastEventId }).from(webhookCursor).where(eq(webhookCursor.id, 1)).get()?.last ?? 0
  }

  async fanOut(from: number, to: number, deliveries: readonly NewDelivery[]): Promise<boolean> {
    return this.db.transaction((tx) => {
      const moved = from === 0
        ? tx.insert(webhookCursor).values({ id: 1, lastEventId: to })
          .onConflictDoUpdate({ target: webhookCursor.id, set: { lastEventId: to }, setWhere: eq(webhookCursor.lastEventId, from) }).run()
        : tx.update(webhookCursor).set({ lastEventId: to }).where(and(eq(webhookCursor.id, 1), eq(webhookCursor.lastEventId, from))).run()
      if (moved.changes === 0) return false
      for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
        tx.insert(webhookDeliveries).values(deliveries.slice(i, i + INSERT_CHUNK).map(deliveryRow)).onConflictDoNothing().run()
      }
      return true
    }, { behavior: 'immediate' })
  }

  async claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.transaction((tx) => {
      const due = tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(and(
          eq(webhookDeliveries.status, 'pending'),
          isNull(webhookSubscriptions.disabledAt),
          lte(webhookDeliveries.nextAttemptAt, now),
          or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
        ))
        .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id)).limit(limit).all().map((r) => r.id)
      if (due.length === 0) return []
      tx.update(webhookDeliveries).set({ leaseUntil }).where(inArray(webhookDeliveries.id, due)).run()
      return tx.select(claimedColumns(webhookDeliveries, webhookSubscriptions)).from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(inArray(webhookDeliveries.id, due)).orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id)).all().map(toClaimed)
    }, { behavior: 'immediate' })
  }

  async recordAttempt(attempt: AttemptRecord, outcome: AttemptOutcome): Promise<void> {
    this.db.transaction((tx) => {
      tx.insert(webhookAttempts).values(attemptRow(attempt)).run()
      const delivery = tx.update(webhookDeliveries).set(deliveryAfter(attempt, outcome))
        .where(and(eq(webhookDeliveries.id, attempt.deliveryId), eq(webhookDeliveries.status, 'pending')))
        .returning({ subscriptionId: webhookDeliveries.subscriptionId }).get()
      const change = subscriptionAfter(attempt, outcome, webhookSubscriptions.consecutiveFailures)
      if (delivery && change) tx.update(webhookSubscriptions).set(change).where(eq(webhookSubscriptions.id, delivery.subscriptionId)).run()
    }, { behavior: 'immediate' })
  }

  async releaseDelivery(id: number): Promise<void> {
    this.db.update(webhookDeliveries).set({ leaseUntil: null }).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending'))).run()
  }

  async listDeliveries(subscriptionId: string, page: { limit: number; beforeId?: number }): Promise<DeliveryRecord[]> {
    const before = page.beforeId === undefined ? undefined : lt(webhookDeliveries.id, page.beforeId)
    return this.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), before))
      .orderBy(desc(webhookDeliveries.id)).limit(page.limit).all().map(toDelivery)
  }

  async listAttempts(deliveryIds: readonly number[]): Promise<AttemptRecord[]> {
    if (deliveryIds.length === 0) return []
    return this.db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, [...deliveryIds])).orderBy(asc(webhookAttempts.id)).all().map(toAttempt)
  }

  async pruneDeliveries(finishedBefore: string): Promise<number> {
    return this.db.transaction((tx) => {
      const finished = lt(webhookDeliveries.finishedAt, finishedBefore)
      tx.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(finished))).run()
      return tx.delete(webhookDeliveries).where(finished).run().changes
    }, { behavior: 'immediate' })
  }

  async close(): Promise<void> {
    this.sqlite.close()
  }
}
