/**
 * Applying for conditionally open data from its page: the section appears exactly on conditional
 * datasets, shows the use agreement in both languages, has a form that submits nothing without its
 * script, and the API calls the script makes (with a real key) answer what it shows.
 */
import t from 'tap'
import { MAX_PURPOSE, MIN_PURPOSE } from '../../src/access/applications.ts'
import { localToday } from '../../src/access/dates.ts'
import { addWorkingDays } from '../../src/access/working-days.ts'
import { WEEKENDS_ONLY } from '../../src/config/holidays.ts'
import { APPLY_SCRIPT_TEXT } from '../../src/portal/client/account-text.ts'
import { USE_AGREEMENT } from '../../src/portal/i18n/use-agreement.ts'
import { makePortal } from '../helpers/portal.ts'

function openingTag(html: string, id: string): string | undefined {
  return html.match(/<[a-z0-9]+(?:\s+[a-z-]+(?:="[^"]*")?)*\s*\/?>/g)?.find((tag) => tag.includes(` id="${id}"`))
}

function applySection(html: string): string | undefined {
  return /<section id="apply"[\s\S]*?<\/section>/.exec(html)?.[0]
}

/** Text as Preact writes it into an element (only & < > are escaped in text). */
function asHtmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

t.test('the apply section is on conditional datasets only', async (t) => {
  const { app } = await makePortal(t)
  for (const id of ['g3', 'g2c']) {
    const res = await app.inject({ url: `/datasets/${id}` })
    t.equal(res.statusCode, 200, id)
    t.notOk(res.headers['set-cookie'])
    const section = applySection(res.body)
    t.ok(section, `${id} has section#apply`)
    t.match(openingTag(section!, 'apply'), new RegExp(`data-dataset="${id}"`))
    t.match(section, /<h2 id="apply-heading">申请访问<\/h2>/)
    t.match(section, /<div id="agreement"/)
    const form = /<form id="apply-form"[^>]*>[\s\S]*?<\/form>/.exec(section!)?.[0]
    t.ok(form, 'form#apply-form')
    t.match(openingTag(form!, 'apply-form'), /method="post"/)
    const purpose = openingTag(form!, 'apply-purpose')!
    t.match(purpose, /^<textarea /)
    t.match(purpose, new RegExp(`maxlength="${MAX_PURPOSE}"`), 'the API schema\'s limit')
    t.match(purpose, new RegExp(`minlength="${MIN_PURPOSE}"`))
    t.match(purpose, /\brequired\b/)
    t.match(form, /<label for="apply-purpose">/)
    const accept = openingTag(form!, 'apply-accept')!
    t.match(accept, /type="checkbox"/)
    t.match(accept, /\brequired\b/)
    t.match(form, /<label for="apply-accept">我已阅读并接受上述使用协议<\/label>/)
    for (const control of form!.match(/<(input|textarea|select|button)\b[^>]*>/g) ?? []) t.notMatch(control, /\bname=/, `${control} sends nothing as a form`)
    t.match(form, /<button type="submit" disabled>提交申请<\/button>/, 'the submit waits for the script')
    t.match(openingTag(section!, 'apply-status'), /role="status"/)
    t.match(section, /class="notice notice-warn no-js-only">申请需要启用 JavaScript 和一个 API Key[^<]*<a href="\/account">/, 'without the script: needs JavaScript and a key, with the way to the account page')
    t.match(res.body, /<script type="module" src="\/assets\/dataset-[A-Z0-9]+\.js">/)
  }
  for (const id of ['g1', 'g2', 'g4', 'stations']) {
    const res = await app.inject({ url: `/datasets/${id}` })
    t.equal(res.statusCode, 200, id)
    t.notOk(applySection(res.body), `${id} has no section#apply`)
    t.notMatch(res.body, /id="apply-form"/)
  }
})

t.test('the use agreement in both languages, from one place', async (t) => {
  const { app } = await makePortal(t)
  const zh = applySection((await app.inject({ url: '/datasets/g3' })).body)!
  const en = applySection((await app.inject({ url: '/datasets/g3?lang=en' })).body)!
  t.equal(USE_AGREEMENT.promises.length, 7)
  for (const promise of USE_AGREEMENT.promises) {
    t.ok(zh.includes(`<li>${asHtmlText(promise.zh)}</li>`), promise.zh)
    t.ok(en.includes(`<li>${asHtmlText(promise.en)}</li>`), promise.en)
  }
  // what it promises, by topic, in each language
  for (const word of ['用途', '重新识别', '公开发布', '安全', '删除', '注明数据提供单位', '审计']) t.match(zh, word)
  for (const word of ['purpose', 're-identify', 'publish rows', 'secure', 'delete', 'cite the data provider', 'audit']) t.match(en, word)
  t.match(zh, /<h3 id="agreement-heading">有条件开放数据使用协议<\/h3>/)
  t.match(zh, /20 个工作日内予以答复（《中华人民共和国政府信息公开条例》第三十三条）/)
  t.match(en, /<h3 id="agreement-heading">Use agreement for conditionally open data<\/h3>/)
  t.match(en, /within 20 working days .*Art\. 33/)
  t.match(en, /<h2 id="apply-heading">Apply for access<\/h2>/)
  t.match(en, /Applying needs JavaScript and an API key/)
  t.match(en, /<a href="\/account\?lang=en">My account<\/a>/)
  t.notMatch(en, /申请访问|使用协议/, 'no Chinese left in the English section')
  // the script's words, in the page's language
  const json = /data-text="([^"]*)"/.exec(openingTag(en, 'apply')!)![1]!
  const text = JSON.parse(json.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&amp;', '&')) as Record<string, string>
  t.same(Object.keys(text).sort(), Object.keys(APPLY_SCRIPT_TEXT).sort())
  t.equal(text.noKey, APPLY_SCRIPT_TEXT.noKey.en)
  t.match(openingTag(en, 'apply'), /data-account-href="\/account\?lang=en"/)
})

t.test('POST /api/v1/datasets/{id}/applications answers what the apply script shows', async (t) => {
  const p = await makePortal(t, { calendar: WEEKENDS_ONLY })
  const holder = await p.key('registered', 'applicant')
  const headers = { ...p.auth(holder.token), 'content-type': 'application/json' }
  const post = (id: string, body: unknown, h: Record<string, string> = headers) => p.app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/applications`, headers: h, payload: JSON.stringify(body) })

  // no key: the script says to save one on /account before it even asks; the API agrees
  const anonymous = await post('g3', { purpose: 'study of the district figures', accept_agreement: true }, { 'content-type': 'application/json' })
  t.equal(anonymous.statusCode, 401)
  t.type(anonymous.json().detail, 'string')

  const submitted = await post('g3', { purpose: '  study of the district figures  ', accept_agreement: true })
  t.equal(submitted.statusCode, 201)
  t.notOk(submitted.headers['set-cookie'])
  const application = submitted.json()
  t.equal(application.dataset, 'g3')
  t.equal(application.status, 'pending')
  t.equal(application.purpose, 'study of the district figures')
  t.equal(application.due_by, addWorkingDays(localToday(), 20, WEEKENDS_ONLY), 'the reply deadline the status shows: 20 working days')
  t.type(application.id, 'number')

  // the standing the section shows on the next visit
  const listed = (await p.app.inject({ url: '/api/v1/applications', headers: p.auth(holder.token) })).json().items
  t.same(listed.map((a: { id: number; dataset: string; status: string }) => [a.id, a.dataset, a.status]), [[application.id, 'g3', 'pending']])
  t.match(listed[0].submitted_at, /^\d{4}-\d{2}-\d{2}T/)
  const twice = await post('g3', { purpose: 'study of the district figures', accept_agreement: true })
  t.equal(twice.statusCode, 409)
  t.match(twice.json().detail, new RegExp(`application ${application.id} for g3 is already pending \\(reply due by ${application.due_by}\\)`))

  // refusals whose detail the status shows
  const short = await post('g2c', { purpose: 'short', accept_agreement: true })
  t.equal(short.statusCode, 400)
  t.match(short.json().detail, /at least 10 characters/)
  const long = await post('g2c', { purpose: 'x'.repeat(MAX_PURPOSE + 1), accept_agreement: true })
  t.equal(long.statusCode, 400)
  const unaccepted = await post('g2c', { purpose: 'study of the district figures', accept_agreement: false })
  t.equal(unaccepted.statusCode, 400)
  t.type(unaccepted.json().detail, 'string')
  const open = await post('g1', { purpose: 'study of the district figures', accept_agreement: true })
  t.equal(open.statusCode, 409)
  t.match(open.json().detail, /no application is needed/)

  // a granted key: /me names the grant, which the section reports as already held
  const granted = await p.grantedKey(['g2c'])
  const me = (await p.app.inject({ url: '/api/v1/me', headers: p.auth(granted.token) })).json()
  t.same(me.grants.map((g: { dataset: string }) => g.dataset), ['g2c'])
  // re-applying while a grant runs is allowed, to renew it
  const renew = await post('g2c', { purpose: 'renewal of the district study', accept_agreement: true }, { ...p.auth(granted.token), 'content-type': 'application/json' })
  t.equal(renew.statusCode, 201)
})
