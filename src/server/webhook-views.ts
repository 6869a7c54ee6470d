import type { AttemptRecord, DeliveryRecord, SubscriptionRecord } from '../store/subscription-types.ts'

/** Webhook records as the API shows them (schemas/subscriptions.ts): snake_case, nulls for what is not set, never the secret. */
export function subscriptionView(subscription: SubscriptionRecord) {
  return {
    id: subscription.id,
    url: subscription.url,
    events: [...subscription.events],
    datasets: [...subscription.datasets],
    themes: [...subscription.themes],
    providers: [...subscription.providers],
    status: subscription.disabledAt === undefined ? ('active' as const) : ('disabled' as const),
    created_at: subscription.createdAt,
    disabled_at: subscription.disabledAt ?? null,
    disabled_reason: subscription.disabledReason ?? null,
    consecutive_failures: subscription.consecutiveFailures,
  }
}

export function deliveryView(delivery: DeliveryRecord, attempts: readonly AttemptRecord[]) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    type: delivery.eventType,
    dataset: delivery.datasetId,
    status: delivery.status,
    attempts: delivery.attempts,
    created_at: delivery.createdAt,
    next_attempt_at: delivery.nextAttemptAt ?? null,
    finished_at: delivery.finishedAt ?? null,
    log: attempts.filter((a) => a.deliveryId === delivery.id).map((a) => ({
      attempt: a.attempt, at: a.at, status_code: a.statusCode ?? null, error: a.error ?? null, latency_ms: a.latencyMs,
    })),
  }
}
