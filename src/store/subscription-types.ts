import type { CatalogEventType } from './change-types.ts'

/**
 * The webhook store (issue 12 §4): key holders' subscriptions, the outbox of deliveries owed to them, and the
 * log of every attempt. The outbox is filled from the catalog event log by a cursor that moves only together
 * with the deliveries it queued (`fanOut`), and emptied by claims that lease a delivery to one server at a
 * time (`claimDeliveries`), so that an event committed is delivered at least once whatever process dies when,
 * and queued once however many servers share the store. Instants are ISO 8601 text, as elsewhere.
 */
export interface SubscriptionFilter {
  /** Event types sent; empty: every type. */
  events: readonly CatalogEventType[]
  /** Dataset ids, themes and providers: an event must match one of each list given; an empty list matches all. */
  datasets: readonly string[]
  themes: readonly string[]
  providers: readonly string[]
}

export interface SubscriptionRecord extends SubscriptionFilter {
  /** `sub_…` */
  id: string
  keyId: string
  url: string
  /** The origin (scheme, host, port) the subscription was made through: where the links in its payloads point. */
  baseUrl: string
  createdAt: string
  /** The newest event in the log when it was made: it is sent only events after this one. */
  afterEventId: number
  disabledAt?: string
  disabledReason?: string
  /** Attempts failed in a row since the last one that succeeded. */
  consecutiveFailures: number
}

export interface NewSubscription extends SubscriptionFilter {
  id: string
  keyId: string
  url: string
  baseUrl: string
  /** `whsec_…`: kept to sign with, never given out again after creation. */
  secret: string
  createdAt: string
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

/** One event owed to one subscription, as fan-out queues it. */
export interface NewDelivery {
  subscriptionId: string
  eventId: number
  eventType: CatalogEventType
  datasetId: string
  /** The dataset's grade and open attribute in the event: whether the key may still be told is asked again at each attempt. */
  grade: number
  open: string
  /** The JSON body, the same for every attempt. */
  payload: string
  createdAt: string
}

export interface DeliveryRecord {
  id: number
  subscriptionId: string
  eventId: number
  eventType: CatalogEventType
  datasetId: string
  status: DeliveryStatus
  /** Attempts made so far. */
  attempts: number
  createdAt: string
  /** When the next attempt is due (pending deliveries). */
  nextAttemptAt?: string
  /** When it was delivered, or given up. */
  finishedAt?: string
}

/** A delivery leased to this server for one attempt, with what sending it needs. */
export interface ClaimedDelivery extends DeliveryRecord {
  keyId: string
  url: string
  secret: string
  payload: string
  grade: number
  open: string
}

export interface AttemptRecord {
  deliveryId: number
  /** 1 for the first attempt. */
  attempt: number
  at: string
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number
  /** Why no 2xx: a network error, a timeout, a refused target (never the receiver's body). */
  error?: string
  latencyMs: number
}

/**
 * What an attempt leaves the delivery in: done, due again later, or given up (possibly disabling its
 * subscription); or withheld, not sent at all because its key may no longer be told (revoked, expired, a
 * grant run out), which gives it up without counting against the receiver.
 */
export type AttemptOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: string }
  | { status: 'failed'; disableReason?: string }
  | { status: 'withheld' }

export interface SubscriptionStore {
  /** Stores it with `afterEventId` the newest event now, in the same statement. */
  createSubscription(subscription: NewSubscription): Promise<SubscriptionRecord>
  getSubscription(id: string): Promise<SubscriptionRecord | undefined>
  /** Oldest first; a key's own, or (fan-out) every enabled one. */
  listSubscriptions(filter: { keyId: string } | { enabled: true }): Promise<SubscriptionRecord[]>
  /** Deletes it with its deliveries and their attempts; false when there was none. */
  deleteSubscription(id: string): Promise<boolean>
  /** Clears a disabling and its failure count, and makes its pending deliveries due at `now`. */
  enableSubscription(id: string, now: string): Promise<SubscriptionRecord | undefined>

  /** The id of the last event fanned out (0 before the first). */
  fanOutCursor(): Promise<number>
  /**
   * Queues `deliveries` and moves the cursor from `from` to `to`, in one transaction, if the cursor is still
   * at `from`; false, writing nothing, when another server moved it first. A delivery already queued for the
   * same subscription and event is not queued twice.
   */
  fanOut(from: number, to: number, deliveries: readonly NewDelivery[]): Promise<boolean>
  /**
   * Leases up to `limit` pending deliveries due at `now`, of enabled subscriptions, whose lease (if any) has
   * run out, until `leaseUntil`: no other server claims them meanwhile; one whose holder died is claimed again
   * once its lease runs out. Earliest due first.
   */
  claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]>
  /**
   * Logs the attempt and applies its outcome to a delivery still pending, in one transaction: the
   * subscription's failure count is reset by a success and counts a failure, and a disable reason disables it.
   */
  recordAttempt(attempt: AttemptRecord, outcome: AttemptOutcome): Promise<void>
  /** Gives a claimed delivery back without an attempt (the server is stopping): due again at once. */
  releaseDelivery(id: number): Promise<void>
  /** Newest first; with `beforeId`, only older ones (a keyset page). */
  listDeliveries(subscriptionId: string, page: { limit: number; beforeId?: number }): Promise<DeliveryRecord[]>
  /** The attempts of these deliveries, in the order they were made. */
  listAttempts(deliveryIds: readonly number[]): Promise<AttemptRecord[]>
  /** Deletes deliveries finished before the instant, with their attempts; how many. */
  pruneDeliveries(finishedBefore: string): Promise<number>
  close(): Promise<void>
}
