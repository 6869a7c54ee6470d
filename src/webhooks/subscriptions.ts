import crypto from 'node:crypto'
import { AccessError } from '../access/errors.ts'
import { CATALOG_EVENT_TYPES, type CatalogEventType } from '../store/change-types.ts'
import type { SubscriptionRecord, SubscriptionStore } from '../store/subscription-types.ts'
import type { DatasetStore } from '../store/types.ts'
import { generateSecret } from './signature.ts'
import { checkTarget, parseTargetUrl, TargetRefused, type Resolve } from './target.ts'

/**
 * Subscription management shared by the API (/api/v1/subscriptions) and the portal's account page: the same
 * checks either way, refusals as AccessError (a 400 naming the field, 404, 409). A key sees only its own
 * subscriptions: anyone else's is "no such subscription", as if it did not exist.
 */
export const MAX_SUBSCRIPTIONS_PER_KEY = 20
export const MAX_FILTER_VALUES = 50
export const SUBSCRIPTION_ID_PATTERN = '^sub_[0-9a-f]{24}$'

export interface SubscriptionRequest {
  url: string
  /** Every type when absent. */
  events?: readonly string[]
  datasets?: readonly string[]
  themes?: readonly string[]
  providers?: readonly string[]
}

export interface SubscribeContext {
  keyId: string
  /** The origin the request came through: where the payloads' links point. */
  baseUrl: string
  allowPrivate: boolean
  resolve?: Resolve
  now?: number
}

const unique = (values: readonly string[] | undefined): string[] => [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))]

function checkEvents(events: readonly string[] | undefined): CatalogEventType[] {
  if (events === undefined) return [...CATALOG_EVENT_TYPES]
  const chosen = unique(events)
  for (const [i, type] of chosen.entries()) {
    if (!(CATALOG_EVENT_TYPES as readonly string[]).includes(type)) throw new AccessError('invalid', `events[${i}]: expected one of ${CATALOG_EVENT_TYPES.join(', ')}`, `events[${i}]`)
  }
  if (chosen.length === 0) throw new AccessError('invalid', 'events: choose at least one event type, or leave it out for every type', 'events')
  return chosen as CatalogEventType[]
}

function checkList(name: string, values: readonly string[] | undefined): string[] {
  const list = unique(values)
  if (list.length > MAX_FILTER_VALUES) throw new AccessError('invalid', `${name}: at most ${MAX_FILTER_VALUES} values`, name)
  return list
}

/** The URL as a webhook target, resolved now: a private address is refused at once rather than at every delivery. */
async function checkUrl(raw: string, context: SubscribeContext): Promise<string> {
  try {
    const url = parseTargetUrl(raw.trim(), context.allowPrivate)
    await checkTarget(url, context.allowPrivate, context.resolve)
    return url.href
  } catch (error) {
    if (error instanceof TargetRefused) throw new AccessError('invalid', `url: ${error.message}`, 'url')
    throw error
  }
}

/** Makes a subscription; the secret in the result is the only time it leaves the store. */
export async function subscribe(
  subscriptions: SubscriptionStore,
  datasets: Pick<DatasetStore, 'getDataset'>,
  request: SubscriptionRequest,
  context: SubscribeContext,
): Promise<{ subscription: SubscriptionRecord; secret: string }> {
  const url = await checkUrl(request.url, context)
  const events = checkEvents(request.events)
  const datasetIds = checkList('datasets', request.datasets)
  for (const [i, id] of datasetIds.entries()) {
    // a typo would otherwise be a subscription that never fires
    if (!(await datasets.getDataset(id))) throw new AccessError('invalid', `datasets[${i}]: no dataset ${id}`, `datasets[${i}]`)
  }
  const themes = checkList('themes', request.themes)
  const providers = checkList('providers', request.providers)
  if ((await subscriptions.listSubscriptions({ keyId: context.keyId })).length >= MAX_SUBSCRIPTIONS_PER_KEY) {
    throw new AccessError('conflict', `a key may hold at most ${MAX_SUBSCRIPTIONS_PER_KEY} subscriptions; delete one first`)
  }
  const secret = generateSecret()
  const subscription = await subscriptions.createSubscription({
    id: `sub_${crypto.randomBytes(12).toString('hex')}`,
    keyId: context.keyId, url, events, datasets: datasetIds, themes, providers, secret, baseUrl: context.baseUrl,
    createdAt: new Date(context.now ?? Date.now()).toISOString(),
  })
  return { subscription, secret }
}

/** The key's own subscription, or not found (whether it is someone else's or nobody's). */
export async function ownSubscription(subscriptions: SubscriptionStore, id: string, keyId: string): Promise<SubscriptionRecord> {
  const subscription = await subscriptions.getSubscription(id)
  if (!subscription || subscription.keyId !== keyId) throw new AccessError('not-found', `no subscription ${id}`)
  return subscription
}

export async function unsubscribe(subscriptions: SubscriptionStore, id: string, keyId: string): Promise<void> {
  await ownSubscription(subscriptions, id, keyId)
  await subscriptions.deleteSubscription(id)
}

/** Enables a disabled subscription again: its pending deliveries are due at once, later events are queued again. */
export async function enable(subscriptions: SubscriptionStore, id: string, keyId: string, now: number = Date.now()): Promise<SubscriptionRecord> {
  await ownSubscription(subscriptions, id, keyId)
  return (await subscriptions.enableSubscription(id, new Date(now).toISOString())) as SubscriptionRecord
}
