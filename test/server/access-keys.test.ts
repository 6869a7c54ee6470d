/** SPEC §6.3 keys: how they are sent, refused, revoked and managed over HTTP. */
import { mock } from 'node:test'
import { Writable } from 'node:stream'
import t from 'tap'
import { generateKey } from '../../src/access/keys.ts'
import { makePlatform, UNLIMITED, daysFromToday } from '../helpers/access-platform.ts'

t.test('every kind of bad key gets the same 401, byte for byte', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const good = await p.key()
  const revoked = await p.key()
  await p.access.revokeKey(revoked.id, new Date().toISOString())
  const expired = await p.expiredKey()
  const unknown = generateKey().token
  const wrongSecret = `gk_${good.id}_${generateKey().secret}`
  const bad: Array<[string, Record<string, string>]> = [
    ['unknown', { authorization: `Bearer ${unknown}` }],
    ['wrong secret of a real id', { authorization: `Bearer ${wrongSecret}` }],
    ['revoked', { authorization: `Bearer ${revoked.token}` }],
    ['expired', { 'x-api-key': expired.token }],
    ['malformed', { authorization: 'Bearer gk_nothex_short' }],
    ['not a key at all', { 'x-api-key': 'hunter2' }],
    ['truncated', { authorization: `Bearer ${good.token.slice(0, -1)}` }],
    ['upper-cased', { authorization: `Bearer ${good.token.toUpperCase()}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['two different keys', { authorization: `Bearer ${good.token}`, 'x-api-key': unknown }],
  ]
  const bodies = new Set<string>()
  for (const route of ['/api/v1/datasets/g1/rows', '/api/v1/datasets/g3/rows?_limit=1', '/api/v1/me', '/api/v1/datasets', '/no/such/route']) {
    for (const [what, headers] of bad) {
      const res = await p.app.inject({ url: route, headers })
      t.equal(res.statusCode, 401, `${what} on ${route}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.equal(res.headers['www-authenticate'], 'Bearer realm="gongkai", error="invalid_token"')
      bodies.add(res.body)
    }
  }
  t.equal(bodies.size, 1, 'one body for all of them')
  t.same(JSON.parse([...bodies][0] as string), {
    type: 'https://gongkai.dev/problems/unauthorized', title: 'Unauthorized', status: 401,
    detail: 'the API key is not valid: it is unknown, malformed, revoked or expired',
  })

  for (const headers of [{ authorization: `Bearer ${good.token}` }, { authorization: `bearer  ${good.token}` }, { 'x-api-key': good.token }, { authorization: `Bearer ${good.token}`, 'x-api-key': good.token }]) {
    t.equal((await p.app.inject({ url: '/api/v1/datasets/g2/rows', headers })).statusCode, 200, JSON.stringify(Object.keys(headers)))
  }
})

t.test('a key in the query string is a 400 that says to use a header, and never reaches the log', async (t) => {
  const log: string[] = []
  const p = await makePlatform(t, {
    tiers: UNLIMITED,
    logger: { level: 'trace', stream: new Writable({ write: (chunk, _enc, done) => { log.push(String(chunk)); done() } }) },
  })
  const { token } = await p.key()
  const secret = token.slice(20)
  for (const query of [`api_key=${token}`, `key=${token}`, `apikey=${token}`, `token=${token}`, `API_KEY=${token}`, `_limit=1&access_token=${token}`, `district=${encodeURIComponent(token)}`, 'token=not-even-a-key', 'key=gk_mistyped_key']) {
    const res = await p.app.inject(`/api/v1/datasets/g2/rows?${query}`)
    t.equal(res.statusCode, 400, query.slice(0, 30))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status: 400, detail: /never accepted in the URL.*Authorization: Bearer <key> or X-API-Key/ })
    t.notOk(res.body.includes(secret), 'the body does not echo the key')
    t.ok(res.headers.ratelimit, 'counted like any anonymous request')
  }
  const all = log.join('')
  t.ok(all.includes('api_key=[REDACTED]'), 'the request line is logged, redacted')
  t.notOk(all.includes(secret), 'no secret in the log')
  t.notOk(all.includes(token.slice(0, 24) + secret.slice(0, 8)), 'not even part of it')
  await p.app.inject({ url: '/api/v1/datasets/g2/rows', headers: { authorization: `Bearer ${token}`, 'x-api-key': token } })
  t.notOk(log.join('').includes(secret), 'keys in headers are not logged either')
})

t.test('a key revoked by the CLI is refused by the running server from its next request', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const created = await p.fx.cli('keys', 'create', '--name', 'field app', '--tier', 'registered')
  t.equal(created.code, 0, created.stderr)
  const token = created.stdout.trim()
  const id = token.split('_')[1] as string
  const base = await p.app.listen({ host: '127.0.0.1', port: 0 })
  const get = async () => (await fetch(`${base}/api/v1/datasets/g2/rows?_limit=1`, { headers: { authorization: `Bearer ${token}` } })).status
  t.equal(await get(), 200, 'a key made by the CLI works at once')
  const revoked = await p.fx.cli('keys', 'revoke', id)
  t.equal(revoked.code, 0, revoked.stderr)
  t.equal(await get(), 401, 'revoked, with no restart')
})

t.test('last_used_at is written on use, at most once a minute', async (t) => {
  const start = new Date('2026-03-02T09:00:00+08:00').getTime()
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const key = await p.key()
  mock.timers.enable({ apis: ['Date'], now: start })
  t.teardown(() => mock.timers.reset())
  t.equal((await p.access.getKey(key.id))?.lastUsedAt, undefined, 'never used')
  const use = () => p.app.inject({ url: '/api/v1/datasets/g2/rows?_limit=1', headers: p.auth(key.token) })
  await use()
  t.equal((await p.access.getKey(key.id))?.lastUsedAt, new Date(start).toISOString())
  mock.timers.tick(59_000)
  await use()
  t.equal((await p.access.getKey(key.id))?.lastUsedAt, new Date(start).toISOString(), 'not rewritten within the minute')
  mock.timers.tick(1_000)
  await use()
  t.equal((await p.access.getKey(key.id))?.lastUsedAt, new Date(start + 60_000).toISOString(), 'rewritten after it')
})

t.test('failed authentications have their own, stricter limit per address', async (t) => {
  const p = await makePlatform(t, { tiers: { ...UNLIMITED, failedAuthPerMinute: 3 } })
  const good = await p.key()
  const bad = { authorization: `Bearer ${generateKey().token}` }
  const from = (remoteAddress: string, headers: Record<string, string> = {}) => p.app.inject({ url: '/api/v1/datasets/g1/rows?_limit=1', remoteAddress, headers })
  for (let i = 1; i <= 3; i++) {
    const res = await from('10.0.0.1', bad)
    t.equal(res.statusCode, 401, `failure ${i}`)
    t.equal(res.headers['ratelimit-policy'], '"auth";q=3;w=60')
    t.equal(res.headers.ratelimit, `"auth";r=${3 - i};t=60`)
  }
  const blocked = await from('10.0.0.1', bad)
  t.equal(blocked.statusCode, 429)
  t.equal(blocked.headers['retry-after'], '60')
  t.match(blocked.json(), { status: 429, detail: /3 failed authentications per minute/ })
  t.equal((await from('10.0.0.1', p.auth(good.token))).statusCode, 200, 'a valid key from a blocked address is still served (test/server/rate-limit-auth.test.ts)')
  t.equal((await from('10.0.0.1')).statusCode, 200, 'requests without a key still go through')
  t.equal((await from('10.0.0.2', p.auth(good.token))).statusCode, 200, 'other addresses are not affected')
  t.equal((await from('10.0.0.2', bad)).statusCode, 429, 'the key id guessed at is over its own limit wherever it comes from')
  t.equal((await from('10.0.0.2', { authorization: `Bearer ${generateKey().token}` })).statusCode, 401)
})

t.test('admin key management over HTTP', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const admin = await p.key('admin')
  const registered = await p.key()
  const create = (headers: Record<string, string>, payload: object) => p.app.inject({ method: 'POST', url: '/api/v1/admin/keys', headers, payload })

  t.equal((await create({}, { name: 'x', tier: 'registered' })).statusCode, 401, 'anonymous')
  const forbidden = await create(p.auth(registered.token), { name: 'x', tier: 'registered' })
  t.equal(forbidden.statusCode, 403, 'a registered key')
  t.match(forbidden.json(), { detail: /administrators/ })
  t.equal((await p.app.inject({ url: '/api/v1/admin/keys', headers: p.auth(registered.token) })).statusCode, 403)
  t.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/admin/keys/${admin.id}`, headers: p.auth(registered.token) })).statusCode, 403)

  const res = await create(p.auth(admin.token), { name: '城市大脑 partner', tier: 'partner', expires_at: daysFromToday(365) })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['cache-control'], 'private, no-store')
  const made = res.json()
  t.match(made, { name: '城市大脑 partner', tier: 'partner', status: 'active', expires_at: daysFromToday(365), revoked_at: null, last_used_at: null })
  t.match(made.key, new RegExp(`^gk_${made.id}_[0-9a-f]{64}$`))
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g2/rows', headers: p.auth(made.key) })).statusCode, 200, 'the new key works')

  const list = await p.app.inject({ url: '/api/v1/admin/keys', headers: p.auth(admin.token) })
  t.equal(list.statusCode, 200)
  t.same(list.json().items.map((k: { id: string }) => k.id).sort(), [admin.id, registered.id, made.id].sort())
  t.notOk(list.body.includes(made.key.slice(20)), 'no secret in the list')
  t.notOk(list.json().items.some((k: Record<string, unknown>) => 'key' in k || 'secret_sha256' in k), 'nor digests')

  const revoke = await p.app.inject({ method: 'DELETE', url: `/api/v1/admin/keys/${made.id}`, headers: p.auth(admin.token) })
  t.equal(revoke.statusCode, 200)
  t.match(revoke.json(), { id: made.id, status: 'revoked', revoked_at: /^\d{4}-/ })
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g2/rows', headers: p.auth(made.key) })).statusCode, 401, 'revoked at once')
  const again = await p.app.inject({ method: 'DELETE', url: `/api/v1/admin/keys/${made.id}`, headers: p.auth(admin.token) })
  t.equal(again.json().revoked_at, revoke.json().revoked_at, 'revoking twice keeps the first time')
  t.equal((await p.app.inject({ method: 'DELETE', url: '/api/v1/admin/keys/0000000000000000', headers: p.auth(admin.token) })).statusCode, 404)
  const pasted = await p.app.inject({ method: 'DELETE', url: `/api/v1/admin/keys/${made.key}`, headers: p.auth(admin.token) })
  t.equal(pasted.statusCode, 400, 'the whole key is not an id')
  t.same(pasted.json().errors, [{ path: 'id', message: 'must match pattern "^[0-9a-f]{16}$"' }])
  t.notOk(pasted.body.includes(made.key.split('_')[2].slice(0, 12)), 'and its secret is not repeated')

  const invalid: Array<[object, string]> = [
    [{ name: 'x', tier: 'gold' }, 'tier'],
    [{ name: '', tier: 'registered' }, 'name'],
    [{ name: 'x', tier: 'registered', expires_at: '2020-01-01' }, 'expires_at'],
    [{ name: 'x', tier: 'registered', expires_at: '2026-02-30' }, 'expires_at'],
    [{ name: 'x', tier: 'registered', secret: 'mine' }, 'secret'],
  ]
  for (const [payload, path] of invalid) {
    const bad = await create(p.auth(admin.token), payload)
    t.equal(bad.statusCode, 400, JSON.stringify(payload))
    t.ok(bad.json().errors?.some((e: { path: string }) => e.path.includes(path)), bad.body)
  }
})

t.test('GET /api/v1/me describes the calling key', async (t) => {
  const p = await makePlatform(t)
  const granted = await p.grantedKey(['g3'], daysFromToday(7))
  // the clock stands still, so the window's reset is exactly 60 s away however slow the machine is
  mock.timers.enable({ apis: ['Date'], now: Date.now() })
  t.teardown(() => mock.timers.reset())
  const anonymous = await p.app.inject('/api/v1/me')
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.json(), { detail: /needs an API key/ })
  await p.app.inject({ url: '/api/v1/datasets/g1/rows', headers: p.auth(granted.token) })
  const res = await p.app.inject({ url: '/api/v1/me', headers: p.auth(granted.token) })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'private, no-store')
  t.match(res.json(), {
    key: { id: granted.id, name: 'researcher', tier: 'registered', created_at: /^\d{4}-/, expires_at: null, last_used_at: /^\d{4}-/ },
    limits: { requests_per_minute: 1200, downloads_per_hour: 200 },
    remaining: { requests: 1198, requests_reset_in: 60, downloads: 200, downloads_reset_in: 3600 },
    grants: [{ dataset: 'g3', expires_at: daysFromToday(7), application_id: 1 }],
  })
  t.equal(res.headers.ratelimit, '"minute";r=1198;t=60', 'the same count as the headers')
})

t.test('the OpenAPI document describes the access routes', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const doc = (await p.app.inject('/openapi.json')).json()
  for (const route of ['/api/v1/me', '/api/v1/applications', '/api/v1/datasets/{id}/applications', '/api/v1/admin/keys', '/api/v1/admin/keys/{id}',
    '/api/v1/admin/applications', '/api/v1/admin/applications/{id}/approve', '/api/v1/admin/applications/{id}/reject', '/api/v1/admin/audit']) {
    t.ok(doc.paths[route], route)
  }
  t.ok(doc.paths['/api/v1/admin/keys'].post.responses['201'])
  // 503 when the rate-limit counters are unreachable (rate-limit-redis.test.ts), 429 like any request
  t.same(Object.keys(doc.paths['/api/v1/me'].get.responses).sort(), ['200', '401', '429', '503'])
})
