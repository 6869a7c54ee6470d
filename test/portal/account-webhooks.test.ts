/**
 * The account page's webhook forms, posted as a browser without JavaScript posts them: a bad key is refused,
 * a subscription is made (its secret shown once), listed with its deliveries, enabled and deleted, and the
 * refusals are the API's; no answer is cacheable or sets a cookie, and none repeats the key.
 */
import t from 'tap'
import { makePortal } from '../helpers/portal.ts'
import type { Platform } from '../helpers/access-platform.ts'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

function post(p: Platform, fields: Array<[string, string]>, lang = '') {
  return p.app.inject({ method: 'POST', url: `/account/webhooks${lang}`, headers: { ...FORM, accept: 'text/html' }, payload: new URLSearchParams(fields).toString() })
}

t.test('the account page has the webhook forms, posting to /account/webhooks with a named password field', async (t) => {
  const p = await makePortal(t, { webhooks: { allowPrivate: true } })
  const html = (await p.app.inject({ url: '/account' })).body
  t.match(html, /<section id="webhooks-section" aria-labelledby="webhooks-heading">/)
  for (const form of ['webhook-list-form', 'webhook-create-form']) {
    t.match(html, new RegExp(`<form id="${form}" method="post" action="/account/webhooks" autocomplete="off">`), form)
  }
  t.match(html, /<input id="webhook-key-create" name="key" type="password" autocomplete="off"/)
  t.match(html, /<label for="webhook-url">接收网址<\/label>/)
  t.match(html, /<legend>事件<\/legend>/)
  t.match(html, /name="events" value="version.published" checked/)
  t.notMatch(html, /<table id="webhooks">/, 'nothing listed before a key is posted')
  const without = await makePortal(t)
  t.notMatch((await without.app.inject({ url: '/account' })).body, /webhooks-section/, 'no section where the server delivers no webhooks')
  t.equal((await without.app.inject({ method: 'POST', url: '/account/webhooks', headers: FORM, payload: 'key=x' })).statusCode, 404)
})

t.test('make, list, delete: what the page shows at each step, never cached, never the key', async (t) => {
  const p = await makePortal(t, { webhooks: { allowPrivate: true } })
  const { token, id: keyId } = await p.key()
  const refused = await post(p, [['key', 'gk_nope_nope'], ['action', 'list']])
  t.equal(refused.statusCode, 401)
  t.match(refused.body, /role="alert">the API key is not valid: it is unknown, malformed, revoked or expired</)
  t.equal(refused.headers['cache-control'], 'no-store')

  const created = await post(p, [['key', token], ['action', 'create'], ['url', 'http://127.0.0.1:9/hook'], ['events', 'version.published'], ['events', 'dataset.closed'], ['datasets', 'g1， g2'], ['themes', ''], ['providers', '']])
  t.equal(created.statusCode, 201)
  t.equal(created.headers['cache-control'], 'no-store')
  t.notOk(created.headers['set-cookie'])
  t.notOk(created.body.includes(token), 'the key is not echoed into the page')
  const secret = /<code id="webhook-secret">(whsec_[^<]+)<\/code>/.exec(created.body)?.[1]
  t.ok(secret, 'the secret, shown once')
  const [made] = await (p.subscriptions as NonNullable<Platform['subscriptions']>).listSubscriptions({ keyId })
  t.match(made, { url: 'http://127.0.0.1:9/hook', events: ['version.published', 'dataset.closed'], datasets: ['g1', 'g2'], themes: [] })
  t.match(created.body, /<table id="webhooks">[\s\S]*<code>http:\/\/127.0.0.1:9\/hook<\/code>[\s\S]*发布新版本、数据集关闭 · g1, g2/, 'listed with its scope')

  const listed = await post(p, [['key', token], ['action', 'list']])
  t.equal(listed.statusCode, 200)
  t.notOk(listed.body.includes(secret as string), 'the secret is not shown again')
  t.match(listed.body, /暂无投递/)
  t.match(listed.body, new RegExp(`<input type="hidden" name="id" value="${made?.id}"/>`))

  const other = await p.key()
  const stranger = await post(p, [['key', other.token], ['action', 'delete'], ['id', made?.id as string]])
  t.equal(stranger.statusCode, 404, 'another key cannot delete it')
  t.match(stranger.body, new RegExp(`no subscription ${made?.id}`))

  const deleted = await post(p, [['key', token], ['action', 'delete'], ['id', made?.id as string]])
  t.equal(deleted.statusCode, 200)
  t.match(deleted.body, /订阅已删除。/)
  t.match(deleted.body, /此密钥还没有订阅。/)
})

t.test('refusals are the API\'s, in the page: a private target, an unknown dataset', async (t) => {
  const p = await makePortal(t, { webhooks: { allowPrivate: false } })
  const { token } = await p.key()
  const privateTarget = await post(p, [['key', token], ['action', 'create'], ['url', 'https://10.0.0.1/hook'], ['events', 'dataset.closed']])
  t.equal(privateTarget.statusCode, 400)
  t.match(privateTarget.body, /url: host 10.0.0.1 resolves to 10.0.0.1 \(private\): only public addresses may receive webhooks/)
  const typo = await post(p, [['key', token], ['action', 'create'], ['url', 'https://93.184.215.14/hook'], ['events', 'dataset.closed'], ['datasets', 'g1,nothing']])
  t.equal(typo.statusCode, 400)
  t.match(typo.body, /datasets\[1\]: no dataset nothing/)
})

t.test('in English, a disabled subscription can be enabled again from the page', async (t) => {
  const p = await makePortal(t, { webhooks: { allowPrivate: true } })
  const { token, id: keyId } = await p.key()
  await post(p, [['key', token], ['action', 'create'], ['url', 'http://127.0.0.1:9/hook'], ['events', 'version.published']])
  const noEvents = await post(p, [['key', token], ['action', 'create'], ['url', 'http://127.0.0.1:9/other']], '?lang=en')
  t.equal(noEvents.statusCode, 400)
  t.match(noEvents.body, /events: choose at least one event type/)
  t.match(noEvents.body, /href="\/account\?lang=zh"[^>]*>中文</, 'the language switch leads to the account page, not to the form\'s address')
  const subscriptions = p.subscriptions as NonNullable<Platform['subscriptions']>
  const [made] = await subscriptions.listSubscriptions({ keyId })
  await subscriptions.fanOut(await subscriptions.fanOutCursor(), 1_000_000, [{ subscriptionId: made?.id as string, eventId: 1_000_000, eventType: 'version.published', datasetId: 'g1', grade: 1, open: 'unconditional', payload: '{}', createdAt: new Date().toISOString() }])
  const [claimed] = await subscriptions.claimDeliveries(new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), 1)
  await subscriptions.recordAttempt({ deliveryId: claimed?.id as number, attempt: 1, at: new Date().toISOString(), statusCode: 503, latencyMs: 7 }, { status: 'failed', disableReason: 'all 1 attempts failed' })
  const listed = await post(p, [['key', token], ['action', 'list']], '?lang=en')
  t.match(listed.body, /<html lang="en">/)
  t.match(listed.body, /disabled<\/span><br\/>all 1 attempts failed/)
  t.match(listed.body, /version published g1 · failed \(HTTP 503, 7 ms\)/, 'the latest deliveries with their outcome')
  t.match(listed.body, /action="\/account\/webhooks\?lang=en"/)
  const enabled = await post(p, [['key', token], ['action', 'enable'], ['id', made?.id as string]], '?lang=en')
  t.match(enabled.body, /The subscription is enabled again/)
  t.equal((await subscriptions.getSubscription(made?.id as string))?.disabledAt, undefined)
})
