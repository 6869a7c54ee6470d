/**
 * At-least-once across process deaths, with the real `gongkai start` (bin/gongkai.js): an event committed
 * while no server runs is delivered by the next server to start, and a delivery whose server is killed with
 * SIGKILL while the receiver holds it is delivered by the server after it. On both stores.
 */
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'
import { startGongkai, type GongkaiProcess } from '../helpers/gongkai-process.ts'
import { freshDatabase, STORE_KINDS } from '../helpers/postgres.ts'
import { freePort } from '../helpers/redis.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'

async function createKey(fx: Fixture): Promise<string> {
  const created = await fx.cli('keys', 'create', '--name', 'subscriber', '--tier', 'registered')
  if (created.code !== 0) throw new Error(created.stderr)
  return created.stdout
}

async function stop(server: GongkaiProcess, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal)
  await server.exited
}

// six server starts (each ingests first) and two lease expiries, on a machine other tests share
t.setTimeout(300_000)

for (const kind of STORE_KINDS) {
  t.test(`${kind}: deliveries outlive the servers that owed them`, async (t) => {
    const fx = makeFixture(t)
    if (kind === 'postgres') fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
    // a short attempt, so that the lease of the killed server's attempt (2 × timeout + 5 s) runs out soon
    Object.assign(fx.env, { GONGKAI_WEBHOOK_ALLOW_PRIVATE: 'true', GONGKAI_WEBHOOK_TIMEOUT_MS: '1000', PORT: String(await freePort()) })
    fx.writeCatalog('stations', stationsCatalog())
    fx.writeSource('stations.csv', stationsCsv(20))
    const token = await createKey(fx)
    const receiver = await startReceiver(t)

    const first = await startGongkai(t, ['start'], fx.env)
    const created = await fetch(`${first.address}/api/v1/subscriptions`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url }),
    })
    t.equal(created.status, 201)
    const subscription = (await created.json()) as { id: string; secret: string }
    await stop(first, 'SIGTERM')

    // committed while no server runs
    fx.writeSource('stations.csv', stationsCsv(25))
    const ingest = await fx.cli('ingest')
    t.equal(ingest.code, 0, ingest.stderr)
    t.equal(receiver.received.length, 0)

    receiver.replies.push('hang')
    const second = await startGongkai(t, ['start'], fx.env)
    const [held] = await receiver.waitFor(1)
    t.match(new Webhook(subscription.secret).verify(held?.body as string, held?.headers as Record<string, string>), { type: 'version.published', data: { version: 2, row_count: 25 } },
      'the next server to start sends the event committed while none ran')
    // killed while the receiver holds the delivery: nothing of the attempt was recorded
    await stop(second, 'SIGKILL')

    const third = await startGongkai(t, ['start'], fx.env)
    const [, again] = await receiver.waitFor(2)
    t.equal(again?.headers['webhook-id'], held?.headers['webhook-id'], 'the same message, delivered by the server after the killed one')
    t.equal(again?.body, held?.body)
    t.ok(new Webhook(subscription.secret).verify(again?.body as string, again?.headers as Record<string, string>))
    const log = async () => (await (await fetch(`${third.address}/api/v1/subscriptions/${subscription.id}/deliveries`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ status: string; attempts: number }> }
    let page = await log()
    while (page.items[0]?.status !== 'delivered') {
      await new Promise((resolve) => setTimeout(resolve, 50))
      page = await log()
    }
    t.match(page.items, [{ status: 'delivered', attempts: 1 }], 'one delivery, once recorded')
    t.equal(receiver.received.length, 2, 'and no more requests')
  })
}
