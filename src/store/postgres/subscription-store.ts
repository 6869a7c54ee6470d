import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm'
import {
  attemptRow, claimedColumns, deliveryAfter, deliveryRow, subscriptionAfter, subscriptionRow, toAttempt, toClaimed, toDelivery, toSubscription,
} from '../subscription-records.ts'
import type {
  AttemptOutcome, AttemptRecord, ClaimedDelivery, DeliveryRecord, NewDelivery, NewSubscription, SubscriptionRecord, SubscriptionStore,
} from '../subscription-types.ts'
import { connect, type Connection } from './connect.ts'
import { catalogEvents, webhookAttempts, webhookCursor, webhookDeliveries, webhookSubscriptions } from './tables.ts'

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters. */
const INSERT_CHUNK = 1000

/**
 * The webhook store in PostgreSQL, shared by every server of a deployment. Fan-out is a compare-and-set on
 * the cursor row: the UPDATE takes that row's lock, so a second server moving it from the same place waits,
 * then finds it moved and writes nothing. Claims lock the due rows they take with FOR UPDATE SKIP LOCKED, so
 * servers claiming at once take different deliveries instead of waiting for each other.
 */
export class PostgresSubscriptionStore implements SubscriptionStore {
  private readonly connection: Connection

  constructor(url: string) {
    this.connection = connect(url, { max: 3 })
  }

  private async db(): Promise<Connection['db']> {
    await this.connection.ready
    return this.connection.db
  }

  async createSubscription(subscription: NewSubscription): Promise<SubscriptionRecord> {
    const newest = sql<number>`(SELECT coalesce(max(${catalogEvents.id}), 0) FROM ${catalogEvents})`
    const [row] = await (await this.db()).insert(webhookSubscriptions).values({ ...subscriptionRow(subscription), afterEventId: newest }).returning()
    return toSubscription(row as typeof webhookSubscriptions.$inferSelect)
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const [row] = await (await this.db()).select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id))
    return row ? toSubscription(row) : undefined
  }

  async listSubscriptions(filter: { keyId: string } | { enabled: true }): Promise<SubscriptionRecord[]> {
    const where = 'keyId' in filter ? eq(webhookSubscriptions.keyId, filter.keyId) : isNull(webhookSubscriptions.disabledAt)
    const rows = await (await this.db()).select().from(webhookSubscriptions).where(where).orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id))
    return rows.map(toSubscription)
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return (await this.db()).transaction(async (tx) => {
      const deliveries = tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id))
      await tx.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, deliveries))
      await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id))
      const deleted = await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning({ id: webhookSubscriptions.id })
      return deleted.length > 0
    })
  }

  async enableSubscription(id: string, now: string): Promise<SubscriptionRecord | undefined> {
    await (await this.db()).transaction(async (tx) => {
      const enabled = await tx.update(webhookSubscriptions).set({ disabledAt: null, disabledReason: null, consecutiveFailures: 0 })
        .where(and(eq(webhookSubscriptions.id, id), isNotNull(webhookSubscriptions.disabledAt))).returning({ id: webhookSubscriptions.id })
      if (enabled.length === 0) return
      await tx.update(webhookDeliveries).set({ nextAttemptAt: now, leaseUntil: null })
        .where(and(eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.status, 'pending')))
    })
    return this.getSubscription(id)
  }

  async fanOutCursor(): Promise<number> {
    const [row] = await (await this.db()).select({ last: webhookCursor.lastEventId }).from(webhookCursor).where(eq(webhookCursor.id, 1))
    return row?.last ?? 0
  }

  async fanOut(from: number, to: number, deliveries: readonly NewDelivery[]): Promise<boolean> {
    return (await this.db()).transaction(async (tx) => {
      const moved = from === 0
        ? await tx.insert(webhookCursor).values({ id: 1, lastEventId: to })
          .onConflictDoUpdate({ target: webhookCursor.id, set: { lastEventId: to }, setWhere: eq(webhookCursor.lastEventId, from) }).returning({ id: webhookCursor.id })
        : await tx.update(webhookCursor).set({ lastEventId: to }).where(and(eq(webhookCursor.id, 1), eq(webhookCursor.lastEventId, from))).returning({ id: webhookCursor.id })
      if (moved.length === 0) return false
      for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
        await tx.insert(webhookDeliveries).values(deliveries.slice(i, i + INSERT_CHUNK).map(deliveryRow)).onConflictDoNothing()
      }
      return true
    })
  }

  async claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return (await this.db()).transaction(async (tx) => {
      const due = (await tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(and(
          eq(webhookDeliveries.status, 'pending'),
          isNull(webhookSubscriptions.disabledAt),
          lte(webhookDeliveries.nextAttemptAt, now),
          or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
        ))
        .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id)).limit(limit)
        .for('update', { of: webhookDeliveries, skipLocked: true })).map((r) => r.id)
      if (due.length === 0) return []
      await tx.update(webhookDeliveries).set({ leaseUntil }).where(inArray(webhookDeliveries.id, due))
      const rows = await tx.select(claimedColumns(webhookDeliveries, webhookSubscriptions)).from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(inArray(webhookDeliveries.id, due)).orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      return rows.map(toClaimed)
    })
  }

  async recordAttempt(attempt: AttemptRecord, outcome: AttemptOutcome): Promise<void> {
    await (await this.db()).transaction(async (tx) => {
      await tx.insert(webhookAttempts).values(attemptRow(attempt))
      const [delivery] = await tx.update(webhookDeliveries).set(deliveryAfter(attempt, outcome))
        .where(and(eq(webhookDeliveries.id, attempt.deliveryId), eq(webhookDeliveries.status, 'pending')))
        .returning({ subscriptionId: webhookDeliveries.subscriptionId })
      const change = subscriptionAfter(attempt, outcome, webhookSubscriptions.consecutiveFailures)
      if (delivery && change) await tx.update(webhookSubscriptions).set(change).where(eq(webhookSubscriptions.id, delivery.subscriptionId))
    })
  }

  async releaseDelivery(id: number): Promise<void> {
    await (await this.db()).update(webhookDeliveries).set({ leaseUntil: null }).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending')))
  }

  async listDeliveries(subscriptionId: string, page: { limit: number; beforeId?: number }): Promise<DeliveryRecord[]> {
    const before = page.beforeId === undefined ? undefined : lt(webhookDeliveries.id, page.beforeId)
    const rows = await (await this.db()).select().from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), before))
      .orderBy(desc(webhookDeliveries.id)).limit(page.limit)
    return rows.map(toDelivery)
  }

  async listAttempts(deliveryIds: readonly number[]): Promise<AttemptRecord[]> {
    if (deliveryIds.length === 0) return []
    const rows = await (await this.db()).select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, [...deliveryIds])).orderBy(asc(webhookAttempts.id))
    return rows.map(toAttempt)
  }

  async pruneDeliveries(finishedBefore: string): Promise<number> {
    return (await this.db()).transaction(async (tx) => {
      const finished = lt(webhookDeliveries.finishedAt, finishedBefore)
      await tx.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(finished)))
      return (await tx.delete(webhookDeliveries).where(finished).returning({ id: webhookDeliveries.id })).length
    })
  }

  async close(): Promise<void> {
    await this.connection.pool.end()
  }
}
