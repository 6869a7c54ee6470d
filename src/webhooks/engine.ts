import type { FastifyBaseLogger } from 'fastify'
import { localToday } from '../access/dates.ts'
import type { WebhookSettings } from '../config/webhooks.ts'
import type { AccessStore, KeyCredentials } from '../store/access-types.ts'
import type { CatalogEvent } from '../store/change-types.ts'
import type { AttemptOutcome, ClaimedDelivery, NewDelivery, SubscriptionRecord, SubscriptionStore } from '../store/subscription-types.ts'
import type { DatasetStore } from '../store/types.ts'
import { filterMatches, keyMayBeTold } from './matching.ts'
import { webhookPayload } from './payload.ts'
import { postWebhook, type AttemptResult } from './post.ts'
import { retryDelayMs } from './retry.ts'
import { signedHeaders } from './signature.ts'
import { checkTarget, parseTargetUrl, resolveAll, TargetRefused, type Resolve } from './target.ts'

/**
 * The delivery engine: in the background of every server, it fans new catalog events out to the outbox
 * (one delivery per matching subscription whose key may be told, decided now) and attempts the deliveries
 * that are due, a few at a time, each leased to this server while it runs. Everything it does is in the store
 * before and after each step, so a server killed at any point loses nothing: an event not yet fanned out is
 * still after the cursor, a delivery in flight comes back when its lease runs out. Nothing on a request's or
 * an ingest's path waits for it; it polls, in small batches.
 */
export interface EngineOptions {
  subscriptions: SubscriptionStore
  store: Pick<DatasetStore, 'listEvents'>
  access: Pick<AccessStore, 'credentials'>
  settings: WebhookSettings
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>
  /** How often it looks for events and due deliveries when there was nothing to do. */
  pollMs?: number
  /** Attempts in flight at once. */
  concurrency?: number
  /** Time and chance, for tests to drive: ms since the epoch, and a number in [0, 1) for the jitter. */
  now?: () => number
  random?: () => number
  resolve?: Resolve
}

export const DEFAULT_POLL_MS = 1000
export const DEFAULT_CONCURRENCY = 8
/** Events read per fan-out: one transaction queues what they owe. */
export const FAN_OUT_BATCH = 100
/** Finished deliveries and their attempts are kept this long, then pruned (at most hourly). */
export const DELIVERY_LOG_DAYS = 30
const PRUNE_EVERY_MS = 3_600_000
const DAY_MS = 86_400_000

/** The lease outlasts an attempt however long its DNS lookup and request take (each bounded by the timeout), with room to record it. */
export function leaseMs(settings: WebhookSettings): number {
  return 2 * settings.timeoutMs + 5000
}

/** The webhook-id of every attempt of one delivery: receivers deduplicate by it. */
export function messageId(delivery: Pick<ClaimedDelivery, 'subscriptionId' | 'eventId'>): string {
  return `msg_${delivery.subscriptionId.replace(/^sub_/, '')}_${delivery.eventId}`
}

const isSuccess = (result: AttemptResult): boolean => result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300
const describe = (result: AttemptResult): string => (result.statusCode !== undefined ? `HTTP ${result.statusCode}` : result.error ?? 'no answer')

function hours(ms: number): string {
  return ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`
}

export class WebhookEngine {
  private readonly options: Required<Omit<EngineOptions, 'resolve'>> & { resolve: Resolve }
  private readonly inFlight = new Set<Promise<void>>()
  private readonly abort = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private ticking: Promise<void> | undefined
  private stopped = true
  private lastPrune = 0

  constructor(options: EngineOptions) {
    this.options = {
      pollMs: DEFAULT_POLL_MS, concurrency: DEFAULT_CONCURRENCY, now: Date.now, random: Math.random, resolve: resolveAll, ...options,
    }
  }

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  /** Stops looking for work, abandons attempts in flight (their deliveries are given back, due at once) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.abort.abort()
    await this.ticking
    await Promise.allSettled([...this.inFlight])
  }

  /** One round, for tests to drive with their own clock: fan out every new event, then attempt what is due and wait for it. */
  async runOnce(): Promise<void> {
    while (await this.fanOut()) { /* more events than one batch */ }
    await Promise.all(await this.claimAndStart())
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), ms)
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return
    let again = false
    this.ticking = (async () => {
      try {
        again = await this.fanOut()
        const started = await this.claimAndStart()
        again ||= started.length > 0 && this.inFlight.size < this.options.concurrency
        await this.prune()
      } catch (error) {
        // the store unreachable, say: nothing is lost (it is all in the store), try again later
        this.options.log.error({ err: error }, 'webhook engine: a round failed; retrying')
      }
    })()
    await this.ticking
    this.ticking = undefined
    this.schedule(again ? 0 : this.options.pollMs)
  }

  /** Queues what the events after the cursor owe; true when there may be more events to read at once. */
  private async fanOut(): Promise<boolean> {
    const { subscriptions, store } = this.options
    const from = await subscriptions.fanOutCursor()
    const events = await store.listEvents({ afterId: from, limit: FAN_OUT_BATCH, order: 'oldest-first' })
    const last = events.at(-1)
    if (!last) return false
    const deliveries = await this.deliveriesOf(events, await subscriptions.listSubscriptions({ enabled: true }))
    // false: another server queued them first; either way the cursor has moved on
    await subscriptions.fanOut(from, last.id, deliveries)
    return events.length === FAN_OUT_BATCH
  }

  private async deliveriesOf(events: readonly CatalogEvent[], enabled: readonly SubscriptionRecord[]): Promise<NewDelivery[]> {
    const now = this.options.now()
    const credentials = new Map<string, KeyCredentials | undefined>()
    const credentialsOf = async (keyId: string): Promise<KeyCredentials | undefined> => {
      if (!credentials.has(keyId)) credentials.set(keyId, await this.options.access.credentials(keyId, localToday(now)))
      return credentials.get(keyId)
    }
    const deliveries: NewDelivery[] = []
    for (const event of events) {
      for (const subscription of enabled) {
        if (event.id <= subscription.afterEventId || !filterMatches(subscription, event)) continue
        if (!keyMayBeTold(event, await credentialsOf(subscription.keyId), now)) continue
        deliveries.push({
          subscriptionId: subscription.id, eventId: event.id, eventType: event.type, datasetId: event.datasetId, grade: event.grade, open: event.open,
          payload: JSON.stringify(webhookPayload(event, subscription.baseUrl)), createdAt: new Date(now).toISOString(),
        })
      }
    }
    return deliveries
  }

  /** Claims as many due deliveries as there are free places and starts their attempts. */
  private async claimAndStart(): Promise<Promise<void>[]> {
    const free = this.options.concurrency - this.inFlight.size
    if (free <= 0) return []
    const now = this.options.now()
    const claimed = await this.options.subscriptions.claimDeliveries(new Date(now).toISOString(), new Date(now + leaseMs(this.options.settings)).toISOString(), free)
    return claimed.map((delivery) => {
      const attempt = this.attempt(delivery)
        .catch((error: unknown) => {
          // its lease runs out and another round tries again
          this.options.log.error({ err: error, delivery: delivery.id }, 'webhook engine: an attempt could not be recorded')
        })
        .finally(() => {
          this.inFlight.delete(attempt)
          this.schedule(0)
        })
      this.inFlight.add(attempt)
      return attempt
    })
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const { subscriptions, access, settings, now } = this.options
    const attempt = delivery.attempts + 1
    const at = new Date(now()).toISOString()
    const record = { deliveryId: delivery.id, attempt, at }
    if (!keyMayBeTold(delivery, await access.credentials(delivery.keyId, localToday(now())), now())) {
      const error = `not sent: the key is no longer valid, or no longer holds a grant for ${delivery.datasetId}`
      await subscriptions.recordAttempt({ ...record, error, latencyMs: 0 }, { status: 'withheld' })
      return
    }
    const result = await this.send(delivery)
    if (this.abort.signal.aborted) {
      await subscriptions.releaseDelivery(delivery.id)
      return
    }
    const outcome = this.outcome(delivery, attempt, result)
    await subscriptions.recordAttempt({ ...record, ...result }, outcome)
    if (outcome.status === 'failed' && outcome.disableReason) {
      this.options.log.warn({ subscription: delivery.subscriptionId }, `webhook subscription disabled: ${outcome.disableReason}`)
    }
  }

  /** Checks the target again (DNS answers change) and posts the signed body to the address checked. */
  private async send(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { settings, resolve, now } = this.options
    try {
      const target = await checkTarget(parseTargetUrl(delivery.url, settings.allowPrivate), settings.allowPrivate, resolve)
      const headers = signedHeaders(delivery.secret, messageId(delivery), now() / 1000, delivery.payload)
      return await postWebhook(target, { ...headers }, delivery.payload, settings.timeoutMs, this.abort.signal)
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error
      return { error: `not sent: the URL's ${error.message}`, latencyMs: 0 }
    }
  }

  /** Delivered; due again after the schedule's next delay; or, the schedule spent, given up and the subscription disabled. */
  private outcome(delivery: ClaimedDelivery, attempt: number, result: AttemptResult): AttemptOutcome {
    if (isSuccess(result)) return { status: 'delivered' }
    const now = this.options.now()
    const delay = retryDelayMs(this.options.settings.retryScheduleMs, attempt, this.options.random())
    if (delay !== undefined) return { status: 'pending', nextAttemptAt: new Date(now + delay).toISOString() }
    const over = hours(now - Date.parse(delivery.createdAt))
    return { status: 'failed', disableReason: `all ${attempt} attempts to deliver event ${delivery.eventId} failed over ${over}, the last with ${describe(result)}` }
  }

  private async prune(): Promise<void> {
    const now = this.options.now()
    if (now - this.lastPrune < PRUNE_EVERY_MS) return
    this.lastPrune = now
    await this.options.subscriptions.pruneDeliveries(new Date(now - DELIVERY_LOG_DAYS * DAY_MS).toISOString())
  }
}
