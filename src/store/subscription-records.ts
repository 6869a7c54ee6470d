import { sql, type Column, type SQL } from 'drizzle-orm'
import type { CatalogEventType } from './change-types.ts'
import type {
  AttemptOutcome, AttemptRecord, ClaimedDelivery, DeliveryRecord, DeliveryStatus, NewDelivery, NewSubscription, SubscriptionRecord,
} from './subscription-types.ts'

/**
 * The webhook tables' rows, the same columns in SQLite and PostgreSQL (sqlite/tables.ts, postgres/tables.ts),
 * read back as the store interface's records. The filter's lists are JSON arrays in text columns in both.
 */
export interface StoredSubscription {
  id: string
  keyId: string
  url: string
  eventsJson: string
  datasetsJson: string
  themesJson: string
  providersJson: string
  secret: string
  baseUrl: string
  createdAt: string
  afterEventId: number
  disabledAt: string | null
  disabledReason: string | null
  consecutiveFailures: number
}

export interface StoredDelivery {
  id: number
  subscriptionId: string
  eventId: number
  eventType: CatalogEventType
  datasetId: string
  status: DeliveryStatus
  attempts: number
  createdAt: string
  nextAttemptAt: string | null
  finishedAt: string | null
}

export interface StoredAttempt {
  deliveryId: number
  attempt: number
  at: string
  statusCode: number | null
  error: string | null
  latencyMs: number
}

/** A new subscription's row, but for `afterEventId`, which the store reads from the event log in the same statement. */
export function subscriptionRow(subscription: NewSubscription): Omit<StoredSubscription, 'afterEventId' | 'disabledAt' | 'disabledReason' | 'consecutiveFailures'> {
  const { events, datasets, themes, providers, ...rest } = subscription
  return {
    ...rest,
    eventsJson: JSON.stringify(events),
    datasetsJson: JSON.stringify(datasets),
    themesJson: JSON.stringify(themes),
    providersJson: JSON.stringify(providers),
  }
}

/** A subscription's record never carries its secret. */
export function toSubscription(row: StoredSubscription): SubscriptionRecord {
  return {
    id: row.id,
    keyId: row.keyId,
    url: row.url,
    events: JSON.parse(row.eventsJson) as CatalogEventType[],
    datasets: JSON.parse(row.datasetsJson) as string[],
    themes: JSON.parse(row.themesJson) as string[],
    providers: JSON.parse(row.providersJson) as string[],
    baseUrl: row.baseUrl,
    createdAt: row.createdAt,
    afterEventId: Number(row.afterEventId),
    ...(row.disabledAt !== null ? { disabledAt: row.disabledAt } : {}),
    ...(row.disabledReason !== null ? { disabledReason: row.disabledReason } : {}),
    consecutiveFailures: row.consecutiveFailures,
  }
}

export function toDelivery(row: StoredDelivery): DeliveryRecord {
  return {
    id: Number(row.id),
    subscriptionId: row.subscriptionId,
    eventId: Number(row.eventId),
    eventType: row.eventType,
    datasetId: row.datasetId,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    ...(row.status === 'pending' && row.nextAttemptAt !== null ? { nextAttemptAt: row.nextAttemptAt } : {}),
    ...(row.finishedAt !== null ? { finishedAt: row.finishedAt } : {}),
  }
}

export function toAttempt(row: StoredAttempt): AttemptRecord {
  return {
    deliveryId: Number(row.deliveryId),
    attempt: row.attempt,
    at: row.at,
    ...(row.statusCode !== null ? { statusCode: row.statusCode } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    latencyMs: row.latencyMs,
  }
}

export function attemptRow(attempt: AttemptRecord): StoredAttempt {
  return { ...attempt, statusCode: attempt.statusCode ?? null, error: attempt.error ?? null }
}

/** A new delivery's row: pending, due at once. */
export function deliveryRow(delivery: NewDelivery) {
  return { ...delivery, status: 'pending' as const, attempts: 0, nextAttemptAt: delivery.createdAt }
}

/** What a claim reads of a delivery and its subscription, in either dialect's tables (drizzle's select takes both). */
const DELIVERY_CLAIMED = ['id', 'subscriptionId', 'eventId', 'eventType', 'datasetId', 'status', 'attempts', 'createdAt', 'nextAttemptAt', 'finishedAt', 'payload', 'grade', 'open'] as const
const SUBSCRIPTION_CLAIMED = ['keyId', 'url', 'secret'] as const

export function claimedColumns<
  D extends Record<(typeof DELIVERY_CLAIMED)[number], Column>,
  S extends Record<(typeof SUBSCRIPTION_CLAIMED)[number], Column>,
>(deliveries: D, subscriptions: S): Pick<D, (typeof DELIVERY_CLAIMED)[number]> & Pick<S, (typeof SUBSCRIPTION_CLAIMED)[number]> {
  return {
    ...Object.fromEntries(DELIVERY_CLAIMED.map((name) => [name, deliveries[name]])),
    ...Object.fromEntries(SUBSCRIPTION_CLAIMED.map((name) => [name, subscriptions[name]])),
  } as Pick<D, (typeof DELIVERY_CLAIMED)[number]> & Pick<S, (typeof SUBSCRIPTION_CLAIMED)[number]>
}

export function toClaimed(row: StoredDelivery & Pick<ClaimedDelivery, 'keyId' | 'url' | 'secret' | 'payload' | 'grade' | 'open'>): ClaimedDelivery {
  return { ...toDelivery(row), keyId: row.keyId, url: row.url, secret: row.secret, payload: row.payload, grade: row.grade, open: row.open }
}

/** A delivery's columns after an attempt: its count, and done, due again, or given up; the lease ends either way. */
export function deliveryAfter(attempt: AttemptRecord, outcome: AttemptOutcome) {
  const common = { attempts: attempt.attempt, leaseUntil: null }
  switch (outcome.status) {
    case 'pending':
      return { ...common, nextAttemptAt: outcome.nextAttemptAt }
    case 'delivered':
      return { ...common, status: 'delivered' as const, nextAttemptAt: null, finishedAt: attempt.at }
    case 'failed':
    case 'withheld':
      return { ...common, status: 'failed' as const, nextAttemptAt: null, finishedAt: attempt.at }
  }
}

/** Its subscription's columns after it: failures in a row counted (a success resets them), a disabling recorded; a withheld one changes nothing. */
export function subscriptionAfter(attempt: AttemptRecord, outcome: AttemptOutcome, consecutiveFailures: Column): { consecutiveFailures: number | SQL; disabledAt?: string; disabledReason?: string } | undefined {
  switch (outcome.status) {
    case 'withheld':
      return undefined
    case 'delivered':
      return { consecutiveFailures: 0 }
    case 'pending':
      return { consecutiveFailures: sql`${consecutiveFailures} + 1` }
    case 'failed':
      return {
        consecutiveFailures: sql`${consecutiveFailures} + 1`,
        ...(outcome.disableReason !== undefined ? { disabledAt: attempt.at, disabledReason: outcome.disableReason } : {}),
      }
  }
}
