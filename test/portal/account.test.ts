/**
 * The account page: the frame client/account.ts fills (DOM contract ids), a key input that provably
 * submits nothing, no cookie from any portal response, the strings the script needs embedded in the
 * page's language, and the API answers the script relies on, with real keys.
 */
import t from 'tap'
import { ACCOUNT_SCRIPT_TEXT } from '../../src/portal/client/account-text.ts'
import { makePortal } from '../helpers/portal.ts'

/** The opening tag of the element with this id (attribute values may hold ">"; they never hold a raw quote). */
function openingTag(html: string, id: string): string | undefined {
  return html.match(/<[a-z0-9]+(?:\s+[a-z-]+(?:="[^"]*")?)*\s*\/?>/g)?.find((tag) => tag.includes(` id="${id}"`))
}

/** The element with this id, from its opening tag to the first closing tag of its kind (no nesting of that kind inside). */
function element(html: string, tag: string, id: string): string | undefined {
  return new RegExp(`<${tag} [^>]*\\bid="${id}"[^>]*>[\\s\\S]*?</${tag}>`).exec(html)?.[0]
}

function decodeAttribute(value: string): string {
  return value.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&')
}

t.test('the account page has the DOM contract and a key field that cannot be submitted', async (t) => {
  const { app } = await makePortal(t)
  const res = await app.inject({ url: '/account' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.notOk(res.headers['set-cookie'], 'no cookie')
  const html = res.body
  t.match(html, /<h1>我的账户<\/h1>/)
  t.match(html, /<a href="\/account" aria-current="page">/, 'the navigation marks the page')

  const form = element(html, 'form', 'key-form')
  t.ok(form, 'form#key-form')
  const formTag = openingTag(html, 'key-form')!
  t.match(formTag, /method="post"/, 'never GET: a key would land in the URL')
  t.match(formTag, /action="\/account"/)
  const input = openingTag(html, 'api-key')!
  t.match(input, /^<input /)
  t.match(input, /type="password"/)
  t.match(input, /autocomplete="off"/)
  t.match(form, /<label for="api-key">/)
  // a form sends only named controls: none here has a name, so a submit without the script sends nothing
  const controls = form!.match(/<(input|textarea|select|button)\b[^>]*>/g) ?? []
  t.ok(controls.length >= 3)
  for (const control of controls) t.notMatch(control, /\bname=/, control)
  t.match(form, /<button type="submit" disabled>/, 'the submit waits for the script')

  t.match(openingTag(html, 'forget-key'), /<button type="button" id="forget-key" class="secondary"/)
  t.match(openingTag(html, 'account-status'), /role="status"/)
  t.match(openingTag(html, 'key-summary'), /<section [^>]*hidden/, 'nothing to show before a key')
  for (const table of ['grants', 'applications']) {
    t.match(html, new RegExp(`<div class="table-wrap" tabindex="0" role="region" aria-label="[^"]+"><table id="${table}">`), `table#${table} in a .table-wrap`)
  }
  t.match(element(html, 'table', 'applications'), /答复期限（20 个工作日）/)
  t.match(html, /class="notice notice-warn no-js-only">管理密钥需要启用 JavaScript/, 'says why it needs JavaScript')

  // the script, served
  const script = /<script type="module" src="(\/assets\/account-[A-Z0-9]+\.js)"><\/script>/.exec(html)?.[1]
  t.ok(script, 'account.js')
  const asset = await app.inject({ url: script! })
  t.equal(asset.statusCode, 200)
  t.notOk(asset.headers['set-cookie'])
  // the entry and the chunks it imports (code shared with the dataset page's apply script)
  const chunks = [...asset.body.matchAll(/from"\.\/(chunks\/[^"]+\.js)"|import"\.\/(chunks\/[^"]+\.js)"/g)].map((m) => (m[1] ?? m[2]) as string)
  t.ok(chunks.length > 0)
  let code = asset.body
  for (const chunk of chunks) {
    const res = await app.inject({ url: `/assets/${chunk}` })
    t.equal(res.statusCode, 200, chunk)
    code += res.body
  }
  t.match(code, /\/api\/v1\/me/)
  t.match(code, /\/api\/v1\/applications/)
  t.match(code, /sessionStorage/)
  t.notMatch(code, /innerHTML|insertAdjacentHTML|outerHTML/)
  t.notMatch(code, /localStorage|document\.cookie/)

  // the script's words, in the page's language
  const section = openingTag(html, 'key-section')!
  const json = /data-text="([^"]*)"/.exec(section)?.[1]
  const text = JSON.parse(decodeAttribute(json!)) as Record<string, string>
  t.same(Object.keys(text).sort(), Object.keys(ACCOUNT_SCRIPT_TEXT).sort())
  t.equal(text.forgotten, ACCOUNT_SCRIPT_TEXT.forgotten.zh)
  t.match(section, /data-dataset-href="\/datasets\/\{id\}"/)
})

t.test('the account page in English', async (t) => {
  const { app } = await makePortal(t)
  const res = await app.inject({ url: '/account?lang=en' })
  t.equal(res.statusCode, 200)
  t.match(res.body, /<html lang="en">/)
  t.match(res.body, /<h1>My account<\/h1>/)
  t.match(res.body, /Key handling needs JavaScript/)
  t.match(res.body, /<label for="api-key">API key \(starts with gk_\)<\/label>/)
  t.match(openingTag(res.body, 'key-form'), /action="\/account\?lang=en"/)
  const section = openingTag(res.body, 'key-section')!
  t.match(section, /data-dataset-href="\/datasets\/\{id\}\?lang=en"/, 'dataset links keep the chosen language')
  const text = JSON.parse(decodeAttribute(/data-text="([^"]*)"/.exec(section)![1]!)) as Record<string, string>
  t.equal(text.refused, ACCOUNT_SCRIPT_TEXT.refused.en)
  const byHeader = await app.inject({ url: '/account', headers: { 'accept-language': 'en-GB,en;q=0.9' } })
  t.match(byHeader.body, /<h1>My account<\/h1>/)
})

t.test('a form submitted without the script is sent back to the page, its body unread', async (t) => {
  const p = await makePortal(t)
  const { app } = p
  const empty = await app.inject({ method: 'POST', url: '/account', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })
  t.equal(empty.statusCode, 303)
  t.equal(empty.headers.location, '/account')
  t.notOk(empty.headers['set-cookie'])
  t.equal(empty.headers['cache-control'], 'no-store')
  const en = await app.inject({ method: 'POST', url: '/account?lang=en', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' })
  t.equal(en.statusCode, 303)
  t.equal(en.headers.location, '/account?lang=en')
  // the form parser is the account routes' own: the API still refuses form bodies
  const api = await app.inject({ method: 'POST', url: '/api/v1/datasets/g3/applications', headers: { ...p.auth((await p.key()).token), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'purpose=x' })
  t.equal(api.statusCode, 415)
})

t.test('no portal response sets a cookie', async (t) => {
  const { app } = await makePortal(t)
  const home = await app.inject({ url: '/' })
  const css = /href="(\/assets\/portal-[^"]+\.css)"/.exec(home.body)?.[1]
  const urls = ['/', '/datasets', '/datasets?q=测试', '/datasets/g1', '/datasets/g3', '/datasets/g4', '/account', '/account?lang=en', '/nope', css!]
  for (const url of urls) {
    const res = await app.inject({ url: encodeURI(url), headers: { accept: 'text/html' } })
    t.ok(res.statusCode < 500, `${url}: ${res.statusCode}`)
    t.notOk(res.headers['set-cookie'], `${url} sets no cookie`)
  }
})

t.test('GET /api/v1/me and /api/v1/applications answer what the account script shows', async (t) => {
  const p = await makePortal(t)
  const holder = await p.grantedKey(['g3'])
  const me = await p.app.inject({ url: '/api/v1/me', headers: p.auth(holder.token) })
  t.equal(me.statusCode, 200)
  t.notOk(me.headers['set-cookie'])
  const body = me.json()
  t.equal(body.key.id, holder.id)
  t.equal(body.key.name, 'researcher')
  t.equal(body.key.tier, 'registered')
  t.equal(body.key.expires_at, null)
  t.type(body.limits.requests_per_minute, 'number')
  t.type(body.limits.downloads_per_hour, 'number')
  t.type(body.remaining.requests, 'number')
  t.type(body.remaining.requests_reset_in, 'number')
  t.type(body.remaining.downloads, 'number')
  t.type(body.remaining.downloads_reset_in, 'number')
  t.equal(body.grants.length, 1)
  t.equal(body.grants[0].dataset, 'g3')
  t.match(body.grants[0].expires_at, /^\d{4}-\d{2}-\d{2}$/)

  const apps = await p.app.inject({ url: '/api/v1/applications', headers: p.auth(holder.token) })
  t.equal(apps.statusCode, 200)
  const items = apps.json().items
  t.equal(items.length, 1)
  const [application] = items
  t.equal(application.id, body.grants[0].application_id, 'the grant names its application: the script takes the granted date from it')
  t.equal(application.status, 'approved')
  t.equal(application.dataset, 'g3')
  t.equal(application.expires_at, body.grants[0].expires_at)
  t.match(application.decided_at, /^\d{4}-\d{2}-\d{2}T/)
  t.match(application.due_by, /^\d{4}-\d{2}-\d{2}$/)
  t.type(application.purpose, 'string')

  // the titles the tables show instead of ids: public metadata, with the key as without
  for (const headers of [p.auth(holder.token), {}]) {
    const meta = await p.app.inject({ url: '/api/v1/datasets/g3', headers })
    t.equal(meta.statusCode, 200)
    t.equal(meta.json().title, '测试数据集 g3')
  }
})

t.test('a wrong key gets a 401 problem whose detail the page shows', async (t) => {
  const p = await makePortal(t)
  const { token } = await p.key()
  const wrong = `${token.slice(0, -4)}zzzz`
  const res = await p.app.inject({ url: '/api/v1/me', headers: p.auth(wrong) })
  t.equal(res.statusCode, 401)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  t.type(res.json().detail, 'string')
  t.ok(res.json().detail.length > 0)
  const none = await p.app.inject({ url: '/api/v1/applications' })
  t.equal(none.statusCode, 401)
  t.match(none.json().detail, /needs an API key/)
  const lapsed = await p.expiredKey()
  const expired = await p.app.inject({ url: '/api/v1/me', headers: p.auth(lapsed.token) })
  t.equal(expired.statusCode, 401)
  t.type(expired.json().detail, 'string')
})
