import { Webhook } from 'standardwebhooks'
import t, { type Test } from 'tap'
import { approveApplication, submitApplication } from '../../src/access/applications.ts'
import type { WebhookSettings } from '../../src/config/webhooks.ts'
import type { CatalogEntry } from '../../src/catalog/schema.ts'
import type { NewSubscription } from '../../src/store/subscription-types.ts'
import { messageId, WebhookEngine, type EngineOptions } from '../../src/webhooks/engine.ts'
import { generateSecret } from '../../src/webhooks/signature.ts'
import type { Resolve } from '../../src/webhooks/target.ts'
import { STORE_KINDS, type StoreKind } from '../helpers/postgres.ts'
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.ts'
import { daysFromToday } from '../helpers/access-platform.ts'
import { entryOf, open, publish, stationRows, type Opened } from '../store/contract-fixture.ts'

/**
 * The delivery engine over the real stores and a real receiver, with time in the test's hands: each round
 * is run when the test says, at the instant it says, so retries and give-ups are tested without waiting.
 */
const SETTINGS: WebhookSettings = { retryScheduleMs: [5000, 60_000], timeoutMs: 2000, allowPrivate: true }
const silent = { warn: () => undefined, error: () => undefined }

interface World extends Opened {
  receiver: Receiver
  clock: { now: number }
  engine(overrides?: Partial<EngineOptions>): WebhookEngine
  keyId: string
  subscribe(overrides?: Partial<NewSubscription>): Promise<{ id: string; secret: string }>
}

async function world(t: Test, kind: StoreKind): Promise<World> {
  const opened = await open(t, kind)
  const receiver = await startReceiver(t)
  const clock = { now: Date.now() }
  const keyId = 'a1b2c3d4e5f60718'
  await opened.access.createKey({ id: keyId, name: 'subscriber', tier: 'registered', secretDigest: '0'.repeat(64), createdAt: new Date().toISOString() })
  await opened.store.syncCatalog([entryOf('air'), entryOf('secret', { grade: 3, open: 'conditional' })], new Set(['air', 'secret']))
  let n = 0
  return {
    ...opened,
    receiver,
    clock,
    keyId,
    engine: (overrides = {}) => new WebhookEngine({
      subscriptions: opened.subscriptions, store: opened.store, access: opened.access, settings: SETTINGS, log: silent,
      now: () => clock.now, random: () => 0.5, ...overrides,
    }),
    async subscribe(overrides = {}) {
      const secret = generateSecret()
      const id = `sub_${String(++n).padStart(24, '0')}`
      await opened.subscriptions.createSubscription({
        id, keyId, url: receiver.url, baseUrl: 'http://127.0.0.1:3000', secret, createdAt: new Date(clock.now).toISOString(),
        events: ['version.published'], datasets: [], themes: [], providers: [], ...overrides,
      })
      return { id, secret }
    },
  }
}

const bodies = (receiver: Receiver) => receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { event_id: number; dataset: { id: string }; version?: number } })

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    t.test('an event is delivered once, signed so that the standardwebhooks library verifies it', async (t) => {
      const w = await world(t, kind)
      const { id, secret } = await w.subscribe()
      await publish(w.store, 'air', stationRows(3))
      await w.engine().runOnce()
      t.equal(w.receiver.received.length, 1)
      const [delivery] = w.receiver.received
      const payload = new Webhook(secret).verify(delivery?.body as string, delivery?.headers as Record<string, string>) as Record<string, unknown>
      const [event] = await w.store.listEvents({ types: ['version.published'], limit: 1, order: 'newest-first' })
      t.match(payload, { type: 'version.published', timestamp: event?.at, data: { event_id: event?.id, dataset: { id: 'air', url: 'http://127.0.0.1:3000/api/v1/datasets/air' }, version: 1, row_count: 3 } })
      t.equal(delivery?.headers['webhook-id'], messageId({ subscriptionId: id, eventId: event?.id as number }))
      t.equal(delivery?.headers['content-type'], 'application/json')
      t.match((await w.subscriptions.listDeliveries(id, { limit: 5 }))[0], { status: 'delivered', attempts: 1 })
      await w.engine().runOnce()
      t.equal(w.receiver.received.length, 1, 'not again')
    })

    t.test('a 500 is retried after the schedule\'s delay, with the same webhook-id, and the log shows both attempts', async (t) => {
      const w = await world(t, kind)
      const { id, secret } = await w.subscribe()
      w.receiver.replies.push(500)
      await publish(w.store, 'air', stationRows(3))
      const engine = w.engine()
      const start = w.clock.now
      await engine.runOnce()
      t.equal(w.receiver.received.length, 1)
      const [pending] = await w.subscriptions.listDeliveries(id, { limit: 1 })
      t.match(pending, { status: 'pending', attempts: 1, nextAttemptAt: new Date(start + 5000).toISOString() }, 'the first delay, jitter drawn at its middle')
      w.clock.now = start + 4999
      await engine.runOnce()
      t.equal(w.receiver.received.length, 1, 'not before the delay')
      w.clock.now = start + 5000
      await engine.runOnce()
      t.equal(w.receiver.received.length, 2, 'retried once it is due')
      const [first, second] = w.receiver.received
      t.equal(second?.headers['webhook-id'], first?.headers['webhook-id'])
      t.equal(second?.body, first?.body, 'the same body')
      t.equal(Number(second?.headers['webhook-timestamp']) - Number(first?.headers['webhook-timestamp']), 5, 'signed again at the time of the attempt')
      t.ok(new Webhook(secret).verify(second?.body as string, second?.headers as Record<string, string>))
      const [delivered] = await w.subscriptions.listDeliveries(id, { limit: 1 })
      t.match(delivered, { status: 'delivered', attempts: 2 })
      const log = await w.subscriptions.listAttempts([delivered?.id as number])
      t.same(log.map((a) => [a.attempt, a.statusCode, a.at]), [[1, 500, new Date(start).toISOString()], [2, 204, new Date(start + 5000).toISOString()]])
      t.ok(log.every((a) => a.latencyMs >= 0 && a.latencyMs < 2000))
      t.equal((await w.subscriptions.getSubscription(id))?.consecutiveFailures, 0)
    })

    t.test('a network error and a timeout are failures too, logged with what happened', async (t) => {
      const w = await world(t, kind)
      const dead = await w.subscribe({ url: 'http://127.0.0.1:9/hook' })
      const slow = await w.subscribe()
      w.receiver.replies.push('hang')
      await publish(w.store, 'air', stationRows(3))
      await w.engine({ settings: { ...SETTINGS, timeoutMs: 1000 } }).runOnce()
      const errorOf = async (id: string) => {
        const [delivery] = await w.subscriptions.listDeliveries(id, { limit: 1 })
        return (await w.subscriptions.listAttempts([delivery?.id as number]))[0]
      }
      t.match(await errorOf(dead.id), { attempt: 1, error: /ECONNREFUSED/ })
      t.match(await errorOf(slow.id), { attempt: 1, error: 'timed out after 1000 ms' })
      t.notOk('statusCode' in (await errorOf(slow.id) as object))
    })

    t.test('every attempt failing gives the delivery up and disables the subscription, saying why; enabling it resumes', async (t) => {
      const w = await world(t, kind)
      const { id } = await w.subscribe()
      w.receiver.fallback = 503
      await publish(w.store, 'air', stationRows(3))
      const engine = w.engine()
      const start = w.clock.now
      for (const after of [0, 5000, 65_000]) {
        w.clock.now = start + after
        await engine.runOnce()
      }
      t.equal(w.receiver.received.length, 3, 'one attempt more than the schedule has delays')
      const [given] = await w.subscriptions.listDeliveries(id, { limit: 1 })
      t.match(given, { status: 'failed', attempts: 3, finishedAt: new Date(start + 65_000).toISOString() })
      const disabled = await w.subscriptions.getSubscription(id)
      t.equal(disabled?.disabledAt, new Date(start + 65_000).toISOString())
      t.match(disabled?.disabledReason, /^all 3 attempts to deliver event \d+ failed over 1 min, the last with HTTP 503$/)
      t.equal(disabled?.consecutiveFailures, 3)

      await publish(w.store, 'air', stationRows(4))
      w.clock.now += 1000
      await engine.runOnce()
      t.equal(w.receiver.received.length, 3, 'a disabled subscription is sent nothing')
      t.equal((await w.subscriptions.listDeliveries(id, { limit: 5 })).length, 1, 'nor queued anything')

      w.receiver.fallback = 200
      await w.subscriptions.enableSubscription(id, new Date(w.clock.now).toISOString())
      await publish(w.store, 'air', stationRows(5))
      await engine.runOnce()
      t.same(bodies(w.receiver).slice(3).map((b) => b.data.version), [3], 'events after it was enabled again are delivered')
    })

    t.test('grade 3: only a key holding a grant for the dataset is told, as at fan-out and again at delivery', async (t) => {
      const w = await world(t, kind)
      const secretEntry: CatalogEntry = entryOf('secret', { grade: 3, open: 'conditional' })
      const ungranted = await w.subscribe({ datasets: ['secret'] })
      await publish(w.store, 'secret', stationRows(3), secretEntry)
      await publish(w.store, 'air', stationRows(3))
      const engine = w.engine()
      await engine.runOnce()
      t.same(bodies(w.receiver).map((b) => b.data.dataset.id), [], 'no grant: nothing')
      t.same(await w.subscriptions.listDeliveries(ungranted.id, { limit: 5 }), [], 'not even queued')

      const calendar = { holidays: new Set<string>(), workdays: new Set<string>() }
      const application = await submitApplication(w.access, w.store, calendar, { keyId: w.keyId, datasetId: 'secret', purpose: 'research into air quality trends' })
      await approveApplication(w.access, application.id, daysFromToday(30), 'test')
      await publish(w.store, 'secret', stationRows(4), secretEntry)
      await engine.runOnce()
      t.same(bodies(w.receiver).map((b) => [b.data.dataset.id, b.data.version]), [['secret', 2]], 'with a grant: the versions published since')

      // revoked after the fan-out: the attempt asks again and sends nothing
      w.receiver.replies.push(500)
      await publish(w.store, 'secret', stationRows(5), secretEntry)
      await engine.runOnce()
      await w.access.revokeKey(w.keyId, new Date().toISOString())
      w.clock.now += 5000
      await engine.runOnce()
      t.equal(w.receiver.received.length, 2, 'the retry after the revocation was not sent')
      const [withheld] = await w.subscriptions.listDeliveries(ungranted.id, { limit: 1 })
      t.match(withheld, { status: 'failed', attempts: 2 })
      t.match((await w.subscriptions.listAttempts([withheld?.id as number]))[1], { error: 'not sent: the key is no longer valid, or no longer holds a grant for secret' })
      t.equal((await w.subscriptions.getSubscription(ungranted.id))?.disabledAt, undefined, 'not held against the receiver')

      await publish(w.store, 'air', stationRows(6))
      await engine.runOnce()
      t.equal(w.receiver.received.length, 2, 'a revoked key is told nothing, open data included')
    })

    t.test('the target is checked again at each attempt: a name that now resolves to a private address gets nothing', async (t) => {
      const w = await world(t, kind)
      let answer = '93.184.215.14'
      const resolve: Resolve = async () => [{ address: answer, family: 4 }]
      const { id } = await w.subscribe({ url: 'https://rebind.example/hook' })
      answer = '10.0.0.7'
      await publish(w.store, 'air', stationRows(3))
      await w.engine({ settings: { ...SETTINGS, allowPrivate: false }, resolve }).runOnce()
      const [delivery] = await w.subscriptions.listDeliveries(id, { limit: 1 })
      t.match(delivery, { status: 'pending', attempts: 1 }, 'a failure, retried: the name may resolve well again')
      t.same((await w.subscriptions.listAttempts([delivery?.id as number])).map((a) => a.error),
        ['not sent: the URL\'s host rebind.example resolves to 10.0.0.7 (private): only public addresses may receive webhooks'])
      t.equal(w.receiver.received.length, 0)
    })

    t.test('a subscription is sent only the events after it was made that its filter admits', async (t) => {
      const w = await world(t, kind)
      await publish(w.store, 'air', stationRows(3))
      await w.subscribe({ events: [], datasets: ['air'] })
      await w.store.syncCatalog([entryOf('air', { title: '空气质量（新）' }), entryOf('water', { theme: '水务' })], new Set(['air', 'water']))
      await publish(w.store, 'water', stationRows(3), entryOf('water', { theme: '水务' }))
      await publish(w.store, 'air', stationRows(4))
      await w.store.syncCatalog([entryOf('water', { theme: '水务' })], new Set(['water']))
      await w.engine().runOnce()
      t.same(bodies(w.receiver).map((b) => `${b.type} ${b.data.dataset.id}`), ['version.published air', 'dataset.closed air'],
        'not version 1 (before it), not water (another dataset), every type of air\'s events')
    })

    t.test('two servers on one store: each event is delivered once', async (t) => {
      const w = await world(t, kind)
      await w.subscribe()
      await w.subscribe({ url: `${w.receiver.url}?second` })
      for (let i = 0; i < 6; i++) await publish(w.store, 'air', stationRows(3 + i))
      const other = w.anotherSubscriptions()
      await Promise.all([w.engine({ concurrency: 3 }).runOnce(), w.engine({ concurrency: 3, subscriptions: other }).runOnce(), w.engine({ concurrency: 3 }).runOnce()])
      await Promise.all([w.engine().runOnce(), w.engine({ subscriptions: other }).runOnce()])
      const ids = w.receiver.received.map((r) => r.headers['webhook-id'])
      t.equal(ids.length, 12, 'six versions, two subscriptions')
      t.equal(new Set(ids).size, 12, 'none twice')
    })

    t.test('stopping abandons an attempt in flight and gives its delivery back at once', async (t) => {
      const w = await world(t, kind)
      const { id } = await w.subscribe()
      w.receiver.replies.push('hang')
      await publish(w.store, 'air', stationRows(3))
      const engine = w.engine({ pollMs: 10 })
      engine.start()
      await w.receiver.waitFor(1)
      await engine.stop()
      const [released] = await w.subscriptions.listDeliveries(id, { limit: 1 })
      t.match(released, { status: 'pending', attempts: 0 }, 'no attempt counted')
      await w.engine().runOnce()
      t.equal(w.receiver.received.length, 2, 'the next server delivers it without waiting for a lease')
      t.match((await w.subscriptions.listDeliveries(id, { limit: 1 }))[0], { status: 'delivered', attempts: 1 })
    })
  })
}
