import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { gradedCsv, makePlatform, UNLIMITED, type Platform } from '../helpers/access-platform.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'

/**
 * /api/v1/subscriptions over the real app, stores and ingest: who may manage what, what is refused and how,
 * and deliveries reaching a real receiver after a real ingest.
 */
const json = (response: { body: string }) => JSON.parse(response.body) as Record<string, any>

async function create(p: Platform, token: string, body: Record<string, unknown>) {
  return p.app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: p.auth(token), payload: body })
}

t.test('no key: 401 on every subscription route', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const id = 'sub_0123456789abcdef01234567'
  for (const [method, url] of [['POST', '/api/v1/subscriptions'], ['GET', '/api/v1/subscriptions'], ['GET', `/api/v1/subscriptions/${id}`], ['DELETE', `/api/v1/subscriptions/${id}`],
    ['POST', `/api/v1/subscriptions/${id}/enable`], ['GET', `/api/v1/subscriptions/${id}/deliveries`]] as const) {
    const response = await p.app.inject({ method, url, ...(method === 'POST' ? { payload: { url: 'http://127.0.0.1:9/' } } : {}) })
    t.equal(response.statusCode, 401, `${method} ${url}`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
  }
})

t.test('a key makes, lists, reads and deletes its own subscriptions; the secret is shown once; another key\'s is 404', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const owner = await p.key()
  const stranger = await p.key()
  const created = await create(p, owner.token, { url: 'http://127.0.0.1:9/hook', events: ['version.published', 'dataset.closed'], datasets: ['g1'], themes: ['信用服务'] })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['cache-control'], 'private, no-store')
  t.match(created.headers.ratelimit, /"minute";r=\d+/, 'counted like any key route')
  const body = json(created)
  t.match(body, {
    id: /^sub_[0-9a-f]{24}$/, url: 'http://127.0.0.1:9/hook', events: ['version.published', 'dataset.closed'], datasets: ['g1'], themes: ['信用服务'], providers: [],
    status: 'active', disabled_at: null, disabled_reason: null, consecutive_failures: 0, secret: /^whsec_[A-Za-z0-9+/]{43}=$/,
  })
  t.same(json(await create(p, owner.token, { url: 'http://127.0.0.1:9/all' })).events, ['dataset.created', 'version.published', 'dataset.schema_changed', 'dataset.closed'], 'every type when none is named')

  const read = await p.app.inject({ url: `/api/v1/subscriptions/${body.id}`, headers: p.auth(owner.token) })
  t.equal(read.statusCode, 200)
  const { secret: _secret, ...withoutSecret } = body
  t.same(json(read), withoutSecret)
  const list = json(await p.app.inject({ url: '/api/v1/subscriptions', headers: p.auth(owner.token) }))
  t.equal(list.items.length, 2)
  t.notOk(JSON.stringify(list).includes('whsec_'), 'the secret is never shown again')
  t.same(json(await p.app.inject({ url: '/api/v1/subscriptions', headers: p.auth(stranger.token) })).items, [], 'a key sees only its own')

  for (const [method, url] of [['GET', `/api/v1/subscriptions/${body.id}`], ['DELETE', `/api/v1/subscriptions/${body.id}`], ['POST', `/api/v1/subscriptions/${body.id}/enable`], ['GET', `/api/v1/subscriptions/${body.id}/deliveries`]] as const) {
    const response = await p.app.inject({ method, url, headers: p.auth(stranger.token) })
    t.equal(response.statusCode, 404, `another key: ${method} ${url}`)
    t.equal(json(response).detail, `no subscription ${body.id}`)
  }
  const deleted = await p.app.inject({ method: 'DELETE', url: `/api/v1/subscriptions/${body.id}`, headers: p.auth(owner.token) })
  t.equal(deleted.statusCode, 204)
  t.equal((await p.app.inject({ url: `/api/v1/subscriptions/${body.id}`, headers: p.auth(owner.token) })).statusCode, 404, 'gone')
  t.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/subscriptions/${body.id}`, headers: p.auth(owner.token) })).statusCode, 404)
  t.equal((await p.app.inject({ url: '/api/v1/subscriptions/sub_nope', headers: p.auth(owner.token) })).statusCode, 400, 'not an id')
})

t.test('validation: problems name the field', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const { token } = await p.key()
  // the schema's paths (body.…), then the checks that need the store or DNS (their field as named in the body)
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{}, 'body.url', /url: is required/],
    [{ url: 'http://127.0.0.1:9/', colour: 'red' }, 'body.colour', /colour: unknown property/],
    [{ url: 'http://127.0.0.1:9/', events: ['row.changed'] }, 'body.events.0', /events.0: expected one of dataset.created, version.published, dataset.schema_changed, dataset.closed/],
    [{ url: 'http://127.0.0.1:9/', events: [] }, 'body.events', /events/],
    [{ url: 'http://127.0.0.1:9/', datasets: ['NOT AN ID'] }, 'body.datasets.0', /datasets.0/],
    [{ url: 'http://127.0.0.1:9/', datasets: ['g1', 'nothing-here'] }, 'datasets[1]', /^datasets\[1\]: no dataset nothing-here$/],
    [{ url: 'ftp://example.org/' }, 'url', /^url: must be an https URL, not ftp:$/],
    [{ url: 'not a url' }, 'url', /^url: is not an absolute URL$/],
  ]
  for (const [payload, path, detail] of cases) {
    const response = await create(p, token, payload)
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    const problem = json(response)
    t.match(problem.detail, detail)
    t.ok(problem.errors.some((e: { path: string }) => e.path === path), `errors name ${path}: ${JSON.stringify(problem.errors)}`)
  }
})

t.test('SSRF: targets on loopback, private, link-local and unique-local addresses are refused with a clear problem', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: false } })
  const { token } = await p.key()
  const refused: Array<[string, string]> = [
    ['https://127.0.0.1/hook', 'url: host 127.0.0.1 resolves to 127.0.0.1 (loopback): only public addresses may receive webhooks'],
    ['https://10.1.2.3/hook', 'url: host 10.1.2.3 resolves to 10.1.2.3 (private): only public addresses may receive webhooks'],
    ['https://169.254.169.254/latest/meta-data/', 'url: host 169.254.169.254 resolves to 169.254.169.254 (linkLocal): only public addresses may receive webhooks'],
    ['https://[::1]/hook', 'url: host ::1 resolves to ::1 (loopback): only public addresses may receive webhooks'],
    ['https://[fd00::1]/hook', 'url: host fd00::1 resolves to fd00::1 (uniqueLocal): only public addresses may receive webhooks'],
    ['https://[::ffff:127.0.0.1]/hook', 'url: host ::ffff:7f00:1 resolves to ::ffff:7f00:1 (loopback): only public addresses may receive webhooks'],
    ['http://93.184.215.14/hook', 'url: must be an https URL (plain http only with GONGKAI_WEBHOOK_ALLOW_PRIVATE=true)'],
  ]
  for (const [url, detail] of refused) {
    const response = await create(p, token, { url })
    t.equal(response.statusCode, 400, url)
    t.match(json(response), { detail, errors: [{ path: 'url', message: detail }] }, url)
  }
  const localhost = json(await create(p, token, { url: 'https://localhost/hook' }))
  t.match(localhost.detail, /^url: host localhost resolves to (127\.0\.0\.1|::1) \(loopback\): only public addresses may receive webhooks$/, 'a name resolving to loopback')
  t.same(json(await p.app.inject({ url: '/api/v1/subscriptions', headers: p.auth(token) })).items, [], 'nothing was made')
})

t.test('a key may hold 20 subscriptions; the 21st is a 409', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const { token } = await p.key()
  for (let i = 0; i < 20; i++) t.equal((await create(p, token, { url: `http://127.0.0.1:9/${i}` })).statusCode, 201)
  const over = await create(p, token, { url: 'http://127.0.0.1:9/21' })
  t.equal(over.statusCode, 409)
  t.equal(json(over).detail, 'a key may hold at most 20 subscriptions; delete one first')
  t.equal((await create(p, (await p.key()).token, { url: 'http://127.0.0.1:9/other' })).statusCode, 201, 'another key has its own 20')
})

t.test('a real ingest publishing a version is delivered to a real receiver, signed; the delivery log shows it', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const receiver = await startReceiver(t)
  const { token } = await p.key()
  const subscription = json(await create(p, token, { url: receiver.url, datasets: ['g1'] }))
  await p.app.ready()
  p.fx.writeSource('g1.csv', gradedCsv(35))
  const ingest = await p.fx.cli('ingest', 'g1')
  t.equal(ingest.code, 0, ingest.stderr)
  const [delivery] = await receiver.waitFor(1)
  const payload = new Webhook(subscription.secret).verify(delivery?.body as string, delivery?.headers as Record<string, string>)
  t.match(payload, {
    type: 'version.published',
    data: { dataset: { id: 'g1', grade: 1, url: /^http:\/\/localhost(:80)?\/api\/v1\/datasets\/g1$/ }, version: 2, row_count: 35 },
  })
  const log = await (async () => {
    for (;;) {
      const page = json(await p.app.inject({ url: `/api/v1/subscriptions/${subscription.id}/deliveries`, headers: p.auth(token) }))
      if (page.items[0]?.status === 'delivered') return page
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  t.match(log, { items: [{ type: 'version.published', dataset: 'g1', status: 'delivered', attempts: 1, next_attempt_at: null, log: [{ attempt: 1, status_code: 204, error: null }] }], next: null })
  t.type(log.items[0].log[0].latency_ms, 'number')
  t.equal(receiver.received.length, 1, 'only g1\'s event; the version published before the subscription is not sent')
})

t.test('grade 3 through the API: the key holding a grant is told of a new version, the one without is not', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const granted = await p.grantedKey(['g3'])
  const ungranted = await p.key()
  const receiver = await startReceiver(t)
  const withGrant = json(await create(p, granted.token, { url: `${receiver.url}?granted`, datasets: ['g3'] }))
  const without = json(await create(p, ungranted.token, { url: `${receiver.url}?ungranted`, datasets: ['g3'] }))
  await p.app.ready()
  p.fx.writeSource('g3.csv', gradedCsv(31))
  t.equal((await p.fx.cli('ingest', 'g3')).code, 0)
  const [delivery] = await receiver.waitFor(1)
  t.match(new Webhook(withGrant.secret).verify(delivery?.body as string, delivery?.headers as Record<string, string>), { data: { dataset: { id: 'g3', grade: 3 }, version: 2 } })
  t.same(json(await p.app.inject({ url: `/api/v1/subscriptions/${without.id}/deliveries`, headers: p.auth(ungranted.token) })).items, [], 'nothing queued for the key without a grant')
})

t.test('a disabled subscription is enabled again by its owner', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const { token } = await p.key()
  const { id } = json(await create(p, token, { url: 'http://127.0.0.1:9/hook' }))
  const subscriptions = p.subscriptions as NonNullable<Platform['subscriptions']>
  await subscriptions.fanOut(await subscriptions.fanOutCursor(), 1_000_000, [{ subscriptionId: id, eventId: 1_000_000, eventType: 'dataset.closed', datasetId: 'g1', grade: 1, open: 'unconditional', payload: '{}', createdAt: new Date().toISOString() }])
  const [claimed] = await subscriptions.claimDeliveries(new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), 1)
  await subscriptions.recordAttempt({ deliveryId: claimed?.id as number, attempt: 1, at: new Date().toISOString(), statusCode: 500, latencyMs: 1 }, { status: 'failed', disableReason: 'all 1 attempts failed' })
  t.match(json(await p.app.inject({ url: `/api/v1/subscriptions/${id}`, headers: p.auth(token) })), { status: 'disabled', disabled_reason: 'all 1 attempts failed', consecutive_failures: 1 })
  const enabled = await p.app.inject({ method: 'POST', url: `/api/v1/subscriptions/${id}/enable`, headers: p.auth(token) })
  t.equal(enabled.statusCode, 200)
  t.match(json(enabled), { status: 'active', disabled_at: null, disabled_reason: null, consecutive_failures: 0 })
})

t.test('a receiver that never answers holds up no request and no ingest', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED, webhooks: { allowPrivate: true } })
  const receiver = await startReceiver(t, 'hang')
  const { token } = await p.key()
  const { id } = json(await create(p, token, { url: receiver.url }))
  await p.app.ready()
  p.fx.writeSource('g1.csv', gradedCsv(36))
  t.equal((await p.fx.cli('ingest', 'g1')).code, 0)
  await receiver.waitFor(1)
  // the delivery is in flight, held by the receiver, while the server answers and the next ingest publishes
  t.equal((await p.app.inject('/api/v1/datasets/g1')).statusCode, 200)
  t.equal((await p.app.inject({ url: `/api/v1/subscriptions/${id}/deliveries`, headers: p.auth(token) })).statusCode, 200)
  p.fx.writeSource('g1.csv', gradedCsv(37))
  const ingest = await p.fx.cli('ingest', 'g1')
  t.equal(ingest.code, 0, ingest.stderr)
  t.match(ingest.stdout, /published version 3/)
  t.equal(json(await p.app.inject('/api/v1/datasets/g1')).version, 3)
  const inFlight = json(await p.app.inject({ url: `/api/v1/subscriptions/${id}/deliveries`, headers: p.auth(token) })).items.at(-1)
  t.match(inFlight, { status: 'pending', attempts: 0, log: [] }, 'the first delivery is still held by the receiver')
})
