import t from 'tap'
import type { AccessStore } from '../../src/store/access-types.ts'
import type { NewDelivery, NewSubscription, SubscriptionStore } from '../../src/store/subscription-types.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { entryOf, open } from './contract-fixture.ts'

/**
 * The webhook store (subscriptions, outbox, delivery log) the same in both stores: what the delivery engine
 * relies on to deliver every event at least once and queue it once, with several servers on one database.
 */
const T0 = '2026-03-01T00:00:00.000Z'
const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString()

async function keyed(access: AccessStore, id: string): Promise<void> {
  await access.createKey({ id, name: id, tier: 'registered', secretDigest: '0'.repeat(64), createdAt: T0 })
}

function subscription(id: string, keyId: string, overrides: Partial<NewSubscription> = {}): NewSubscription {
  return {
    id, keyId, url: `https://receiver.example/${id}`, baseUrl: 'https://data.example', secret: `whsec_${id}`, createdAt: T0,
    events: ['version.published'], datasets: [], themes: ['生态环境'], providers: [], ...overrides,
  }
}

function delivery(subscriptionId: string, eventId: number, createdAt = T0): NewDelivery {
  return {
    subscriptionId, eventId, eventType: 'version.published', datasetId: 'air', grade: 1, open: 'unconditional',
    payload: JSON.stringify({ type: 'version.published', data: { event_id: eventId } }), createdAt,
  }
}

const ids = (list: ReadonlyArray<{ id: number | string }>) => list.map((d) => d.id)

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    t.test('subscriptions: made after the newest event, never read back with their secret, a key lists its own, deleted with their log', async (t) => {
      const { store, access, subscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await keyed(access, 'k2')
      const first = await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      t.equal(first.afterEventId, 0, 'no event yet')
      await store.syncCatalog([entryOf('air'), entryOf('water')], new Set(['air', 'water']))
      const [newest] = await store.listEvents({ limit: 1, order: 'newest-first' })
      const second = await subscriptions.createSubscription(subscription('sub_b', 'k1', { events: [], datasets: ['air', 'water'], themes: [], providers: ['环保局'] }))
      t.equal(second.afterEventId, newest?.id, 'sent only events after the newest one now')
      t.same(second, {
        id: 'sub_b', keyId: 'k1', url: 'https://receiver.example/sub_b', baseUrl: 'https://data.example', createdAt: T0, afterEventId: newest?.id,
        events: [], datasets: ['air', 'water'], themes: [], providers: ['环保局'], consecutiveFailures: 0,
      })
      t.notOk(JSON.stringify(await subscriptions.getSubscription('sub_b')).includes('whsec_'), 'no secret in the record')
      await subscriptions.createSubscription(subscription('sub_c', 'k2'))
      t.same(ids(await subscriptions.listSubscriptions({ keyId: 'k1' })), ['sub_a', 'sub_b'])
      t.same(ids(await subscriptions.listSubscriptions({ keyId: 'k2' })), ['sub_c'])
      t.same(ids(await subscriptions.listSubscriptions({ enabled: true })), ['sub_a', 'sub_b', 'sub_c'])

      await subscriptions.fanOut(0, 1, [delivery('sub_a', 1), delivery('sub_b', 1)])
      const [claimed] = await subscriptions.claimDeliveries(T0, at(60), 1)
      await subscriptions.recordAttempt({ deliveryId: claimed?.id as number, attempt: 1, at: T0, statusCode: 500, latencyMs: 3 }, { status: 'pending', nextAttemptAt: at(5) })
      t.ok(await subscriptions.deleteSubscription('sub_a'))
      t.notOk(await subscriptions.deleteSubscription('sub_a'), 'deleting twice')
      t.equal(await subscriptions.getSubscription('sub_a'), undefined)
      t.same(await subscriptions.listDeliveries('sub_a', { limit: 10 }), [])
      t.same(await subscriptions.listAttempts([claimed?.id as number]), [], 'its attempts went with it')
      t.equal((await subscriptions.listDeliveries('sub_b', { limit: 10 })).length, 1, 'another subscription keeps its own')
    })

    t.test('fan-out moves the cursor and queues deliveries together, only from where the cursor is, each delivery once', async (t) => {
      const { access, subscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      t.equal(await subscriptions.fanOutCursor(), 0)
      t.ok(await subscriptions.fanOut(0, 5, [delivery('sub_a', 3), delivery('sub_a', 5)]))
      t.equal(await subscriptions.fanOutCursor(), 5)
      t.notOk(await subscriptions.fanOut(0, 7, [delivery('sub_a', 7)]), 'from a stale cursor: refused')
      t.notOk(await subscriptions.fanOut(4, 7, [delivery('sub_a', 7)]))
      t.equal(await subscriptions.fanOutCursor(), 5, 'and nothing moved')
      t.ok(await subscriptions.fanOut(5, 7, [delivery('sub_a', 5), delivery('sub_a', 7)]), 'an event queued again is not queued twice')
      t.ok(await subscriptions.fanOut(7, 9, []), 'events nobody is owed still move the cursor')
      t.equal(await subscriptions.fanOutCursor(), 9)
      t.same((await subscriptions.listDeliveries('sub_a', { limit: 10 })).map((d) => [d.eventId, d.status, d.attempts, d.nextAttemptAt]),
        [[7, 'pending', 0, T0], [5, 'pending', 0, T0], [3, 'pending', 0, T0]], 'newest first, due at once')
    })

    t.test('two servers fanning out the same events: one queues them, the other writes nothing', async (t) => {
      const { access, subscriptions, anotherSubscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      const other = anotherSubscriptions()
      for (let round = 0; round < 5; round++) {
        const from = round * 2
        const batch = [delivery('sub_a', from + 1), delivery('sub_a', from + 2)]
        const won = await Promise.all([subscriptions.fanOut(from, from + 2, batch), other.fanOut(from, from + 2, batch)])
        t.equal(won.filter(Boolean).length, 1, `round ${round}: exactly one server moved the cursor`)
      }
      t.equal((await subscriptions.listDeliveries('sub_a', { limit: 100 })).length, 10)
    })

    t.test('claims lease due deliveries of enabled subscriptions to one server until the lease runs out', async (t) => {
      const { access, subscriptions, anotherSubscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      await subscriptions.createSubscription(subscription('sub_off', 'k1'))
      await subscriptions.fanOut(0, 1, [delivery('sub_off', 1)])
      const [gaveUp] = await subscriptions.claimDeliveries(T0, at(30), 1)
      await subscriptions.recordAttempt({ deliveryId: gaveUp?.id as number, attempt: 1, at: T0, error: 'ECONNREFUSED', latencyMs: 1 }, { status: 'failed', disableReason: 'gave up' })
      await subscriptions.fanOut(1, 5, [delivery('sub_off', 5), delivery('sub_a', 2, at(0)), delivery('sub_a', 3, at(10)), delivery('sub_a', 4, at(1))])

      const other = anotherSubscriptions()
      const first = await subscriptions.claimDeliveries(at(5), at(35), 10)
      t.same(first.map((d) => d.eventId), [2, 4], 'due by now, earliest first; the one due at 10 s waits, the disabled subscription\'s too')
      t.match(first[0], { subscriptionId: 'sub_a', keyId: 'k1', url: 'https://receiver.example/sub_a', secret: 'whsec_sub_a', grade: 1, open: 'unconditional', attempts: 0 })
      t.same(JSON.parse(first[0]?.payload as string), { type: 'version.published', data: { event_id: 2 } })
      t.same((await other.claimDeliveries(at(20), at(50), 10)).map((d) => d.eventId), [3], 'leased ones are not claimed again meanwhile')
      t.same(await subscriptions.claimDeliveries(at(34), at(64), 10), [])
      t.same((await other.claimDeliveries(at(35), at(65), 10)).map((d) => d.eventId), [2, 4], 'a lease run out (its holder died): claimed again')
      t.same((await subscriptions.claimDeliveries(at(1000), at(1030), 2)).map((d) => d.eventId), [2, 4], 'at most the limit, in due order')
    })

    t.test('servers claiming at once take different deliveries', async (t) => {
      const { access, subscriptions, anotherSubscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      await subscriptions.fanOut(0, 40, Array.from({ length: 40 }, (_, i) => delivery('sub_a', i + 1)))
      const others = [subscriptions, anotherSubscriptions(), anotherSubscriptions()]
      const claims = await Promise.all(others.flatMap((s) => [s.claimDeliveries(T0, at(60), 7), s.claimDeliveries(T0, at(60), 7)]))
      const claimed = claims.flat().map((d) => d.eventId)
      t.equal(new Set(claimed).size, claimed.length, 'no delivery claimed twice')
      t.equal(claimed.length, 40, 'all of them, by six claims of 7')
    })

    t.test('attempts: logged in order; a retry counts a failure, a success resets the count, a give-up may disable, a withheld one does not count', async (t) => {
      const { access, subscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      await subscriptions.fanOut(0, 3, [delivery('sub_a', 1), delivery('sub_a', 2), delivery('sub_a', 3)])
      const claim = async (when: string) => (await subscriptions.claimDeliveries(when, at(1000), 1))[0]?.id as number
      const failures = async () => (await subscriptions.getSubscription('sub_a'))?.consecutiveFailures

      const one = await claim(at(0))
      await subscriptions.recordAttempt({ deliveryId: one, attempt: 1, at: at(0), statusCode: 500, latencyMs: 12 }, { status: 'pending', nextAttemptAt: at(5) })
      t.equal(await failures(), 1)
      t.match((await subscriptions.listDeliveries('sub_a', { limit: 3 }))[2], { id: one, status: 'pending', attempts: 1, nextAttemptAt: at(5) })
      t.notOk((await subscriptions.claimDeliveries(at(4), at(4), 10)).some((d) => d.id === one), 'not due before its retry')
      const again = await claim(at(5))
      t.not(again, one, 'the other deliveries came first (due earlier)')
      await subscriptions.recordAttempt({ deliveryId: again, attempt: 1, at: at(5), error: 'timed out after 10000 ms', latencyMs: 10000 }, { status: 'pending', nextAttemptAt: at(500) })
      t.equal(await failures(), 2)
      const two = await claim(at(6))
      await subscriptions.recordAttempt({ deliveryId: two, attempt: 1, at: at(6), statusCode: 204, latencyMs: 8 }, { status: 'delivered' })
      t.equal(await failures(), 0, 'a success resets the count')
      const delivered = (await subscriptions.listDeliveries('sub_a', { limit: 3 })).find((d) => d.id === two)
      t.same([delivered?.status, delivered?.attempts, delivered?.finishedAt, delivered?.nextAttemptAt], ['delivered', 1, at(6), undefined])

      await subscriptions.recordAttempt({ deliveryId: two, attempt: 2, at: at(7), statusCode: 500, latencyMs: 1 }, { status: 'failed', disableReason: 'late' })
      t.equal((await subscriptions.listDeliveries('sub_a', { limit: 3 })).find((d) => d.id === two)?.status, 'delivered', 'a late attempt (an expired lease) does not undo a delivery')
      t.equal((await subscriptions.getSubscription('sub_a'))?.disabledAt, undefined)

      await subscriptions.recordAttempt({ deliveryId: one, attempt: 2, at: at(8), latencyMs: 0, error: 'not sent: the key was revoked' }, { status: 'withheld' })
      t.equal(await failures(), 0, 'a withheld delivery does not count against the receiver')
      t.equal((await subscriptions.listDeliveries('sub_a', { limit: 3 })).find((d) => d.id === one)?.status, 'failed')

      await subscriptions.recordAttempt({ deliveryId: again, attempt: 2, at: at(9), statusCode: 410, latencyMs: 4 }, { status: 'failed', disableReason: 'every attempt failed' })
      t.match(await subscriptions.getSubscription('sub_a'), { disabledAt: at(9), disabledReason: 'every attempt failed', consecutiveFailures: 1 })
      t.same(ids(await subscriptions.listSubscriptions({ enabled: true })), [], 'a disabled subscription gets no fan-out')

      t.same(await subscriptions.listAttempts([one, again]), [
        { deliveryId: one, attempt: 1, at: at(0), statusCode: 500, latencyMs: 12 },
        { deliveryId: again, attempt: 1, at: at(5), error: 'timed out after 10000 ms', latencyMs: 10000 },
        { deliveryId: one, attempt: 2, at: at(8), error: 'not sent: the key was revoked', latencyMs: 0 },
        { deliveryId: again, attempt: 2, at: at(9), statusCode: 410, latencyMs: 4 },
      ])
      t.same(await subscriptions.listAttempts([]), [])
    })

    t.test('enabling again clears the disabling and makes its pending deliveries due; releasing gives a claim back', async (t) => {
      const { access, subscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      await subscriptions.fanOut(0, 2, [delivery('sub_a', 1), delivery('sub_a', 2)])
      const [first, second] = await subscriptions.claimDeliveries(T0, at(600), 2)
      await subscriptions.recordAttempt({ deliveryId: first?.id as number, attempt: 9, at: at(1), statusCode: 500, latencyMs: 1 }, { status: 'failed', disableReason: 'gave up' })
      await subscriptions.recordAttempt({ deliveryId: second?.id as number, attempt: 1, at: at(1), statusCode: 500, latencyMs: 1 }, { status: 'pending', nextAttemptAt: at(3600) })
      t.same(await subscriptions.claimDeliveries(at(7200), at(7800), 10), [], 'a disabled subscription\'s deliveries wait')
      const enabled = await subscriptions.enableSubscription('sub_a', at(100))
      t.same([enabled?.disabledAt, enabled?.disabledReason, enabled?.consecutiveFailures], [undefined, undefined, 0])
      const claimed = await subscriptions.claimDeliveries(at(100), at(700), 10)
      t.same(claimed.map((d) => [d.id, d.attempts]), [[second?.id, 1]], 'due at once, its attempts kept; the given-up one stays given up')
      await subscriptions.releaseDelivery(claimed[0]?.id as number)
      t.same((await subscriptions.claimDeliveries(at(100), at(700), 10)).map((d) => d.id), [second?.id], 'released: claimed again at once')
      t.equal(await subscriptions.enableSubscription('sub_none', at(1)), undefined)
      t.match(await subscriptions.enableSubscription('sub_a', at(5000)), { id: 'sub_a' }, 'enabling an enabled subscription changes nothing')
      t.same(await subscriptions.claimDeliveries(at(100), at(700), 10), [], 'and does not hurry its leased deliveries')
    })

    t.test('the delivery log pages newest first; finished deliveries are pruned with their attempts, pending ones kept', async (t) => {
      const { access, subscriptions } = await open(t, kind)
      await keyed(access, 'k1')
      await subscriptions.createSubscription(subscription('sub_a', 'k1'))
      await subscriptions.fanOut(0, 5, [1, 2, 3, 4, 5].map((e) => delivery('sub_a', e)))
      const page1 = await subscriptions.listDeliveries('sub_a', { limit: 2 })
      const page2 = await subscriptions.listDeliveries('sub_a', { limit: 2, beforeId: page1[1]?.id as number })
      const page3 = await subscriptions.listDeliveries('sub_a', { limit: 2, beforeId: page2[1]?.id as number })
      t.same([...page1, ...page2, ...page3].map((d) => d.eventId), [5, 4, 3, 2, 1])
      const claimed = await subscriptions.claimDeliveries(T0, at(60), 3)
      for (const [i, d] of claimed.entries()) {
        await subscriptions.recordAttempt({ deliveryId: d.id, attempt: 1, at: at(i * 100), statusCode: 200, latencyMs: 1 }, { status: 'delivered' })
      }
      t.equal(await subscriptions.pruneDeliveries(at(150)), 2, 'finished before the instant')
      t.same((await subscriptions.listDeliveries('sub_a', { limit: 10 })).map((d) => d.eventId), [5, 4, 3])
      t.same((await subscriptions.listAttempts(claimed.map((d) => d.id))).map((a) => a.deliveryId), [claimed[2]?.id])
    })
  })
}
