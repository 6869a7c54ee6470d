import { Type, type TSchema } from '@sinclair/typebox'
import { CATALOG_EVENT_TYPES } from '../../store/change-types.ts'
import { MAX_FILTER_VALUES, SUBSCRIPTION_ID_PATTERN } from '../../webhooks/subscriptions.ts'
import { MAX_URL_LENGTH } from '../../webhooks/target.ts'
import { DatasetIdParams } from './common.ts'

/** Schemas of the webhook subscription routes (issue 12 §4). */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Instant = Type.String({ description: 'ISO 8601 instant' })
const EventType = Type.Union(CATALOG_EVENT_TYPES.map((type) => Type.Literal(type)))
const SubscriptionId = Type.String({ pattern: SUBSCRIPTION_ID_PATTERN })
const FilterValues = <T extends TSchema>(item: T, description: string) => Type.Array(item, { maxItems: MAX_FILTER_VALUES, description })

export const SubscriptionIdParams = Type.Object({ id: SubscriptionId })

export const SubscriptionBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, description: 'where deliveries are POSTed: https, resolving to public addresses only (unless the server allows private targets)' }),
    events: Type.Optional(Type.Array(EventType, { minItems: 1, uniqueItems: true, description: 'event types to send; every type when left out' })),
    datasets: Type.Optional(FilterValues(DatasetIdParams.properties.id, 'only events of these datasets (ids); any dataset when left out or empty')),
    themes: Type.Optional(FilterValues(Type.String({ minLength: 1, maxLength: 100 }), 'only events of datasets in these themes')),
    providers: Type.Optional(FilterValues(Type.String({ minLength: 1, maxLength: 200 }), 'only events of datasets of these providers (names as in the catalog)')),
  },
  { additionalProperties: false },
)

export const Subscription = Type.Object({
  id: SubscriptionId,
  url: Type.String(),
  events: Type.Array(EventType),
  datasets: Type.Array(Type.String()),
  themes: Type.Array(Type.String()),
  providers: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  created_at: Instant,
  disabled_at: Nullable(Instant),
  disabled_reason: Nullable(Type.String({ description: 'why deliveries stopped: every attempt of one delivery failed' })),
  consecutive_failures: Type.Integer({ description: 'attempts failed in a row since the last success' }),
})

export const CreatedSubscription = Type.Composite([
  Subscription,
  Type.Object({ secret: Type.String({ description: 'whsec_…: verifies the webhook-signature of every delivery; shown only in this response, store it now' }) }),
])

export const SubscriptionList = Type.Object({ items: Type.Array(Subscription) })

export const DeliveryQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'only deliveries older than this one: the previous page\'s `next`' })),
  },
  { additionalProperties: false },
)

const Attempt = Type.Object({
  attempt: Type.Integer({ minimum: 1 }),
  at: Instant,
  status_code: Nullable(Type.Integer({ description: 'the receiver\'s HTTP status' })),
  error: Nullable(Type.String({ description: 'why there was no 2xx answer, when there was no status (network error, timeout, refused target)' })),
  latency_ms: Type.Integer(),
})

export const DeliveryPage = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(),
    event_id: Type.Integer(),
    type: EventType,
    dataset: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    created_at: Instant,
    next_attempt_at: Nullable(Instant),
    finished_at: Nullable(Instant),
    log: Type.Array(Attempt, { description: 'every attempt, oldest first' }),
  })),
  next: Nullable(Type.Integer({ description: 'pass as `before` for older deliveries; null on the last page' })),
})
