/**
 * The browser-side helpers of the account and apply scripts, run in Node: the key store over a
 * stand-in sessionStorage (never localStorage, never a cookie), apiFetch's Bearer header, problem
 * details, and the words for dates, expiries, durations, statuses and replies.
 */
import t from 'tap'
import { ACCOUNT_SCRIPT_TEXT, APPLY_SCRIPT_TEXT, scriptText, type AccountText } from '../../src/portal/client/account-text.ts'
import { countText, daysUntil, deadlineText, durationText, expiryText, fill, instantText, parseText, replyText, statusText, tierText } from '../../src/portal/client/account-format.ts'
import { apiFetch, forgetKey, problemDetail, savedKey, saveKey } from '../../src/portal/client/key-store.ts'

class MemoryStorage {
  items = new Map<string, string>()
  getItem(name: string) { return this.items.get(name) ?? null }
  setItem(name: string, value: string) { this.items.set(name, String(value)) }
  removeItem(name: string) { this.items.delete(name) }
}

const KEY = 'gk_0123456789abcdef_SeCrEt-value_42'

t.test('the key lives in sessionStorage, and only a key-shaped value is kept', async (t) => {
  const session = new MemoryStorage()
  const globals = globalThis as Record<string, unknown>
  globals.sessionStorage = session
  t.teardown(() => { delete globals.sessionStorage })
  t.equal(savedKey(), undefined)
  t.equal(saveKey('not a key'), false)
  t.equal(saveKey('gk_abc'), false)
  t.equal(saveKey(`Bearer ${KEY}`), false, 'a pasted header is not a key')
  t.equal(session.items.size, 0, 'nothing stored for a wrong shape')
  t.equal(saveKey(`  ${KEY}\n`), true)
  t.equal(savedKey(), KEY, 'trimmed')
  t.same([...session.items.keys()], ['gongkai.apiKey'])
  forgetKey()
  t.equal(savedKey(), undefined)
  t.equal(session.items.size, 0)
})

t.test('savedKey is undefined where storage is unavailable', async (t) => {
  const globals = globalThis as Record<string, unknown>
  Object.defineProperty(globals, 'sessionStorage', { configurable: true, get() { throw new Error('SecurityError') } })
  t.teardown(() => { delete globals.sessionStorage })
  t.equal(savedKey(), undefined)
})

t.test('apiFetch sends the saved key as a Bearer token, and nothing without one', async (t) => {
  const session = new MemoryStorage()
  const globals = globalThis as Record<string, unknown>
  const realFetch = globalThis.fetch
  const seen: { url: string; headers: Headers; method: string | undefined }[] = []
  globals.sessionStorage = session
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, headers: new Headers(init.headers), method: init.method })
    return new Response('{}', { status: 200 })
  }) as typeof fetch
  t.teardown(() => { delete globals.sessionStorage; globalThis.fetch = realFetch })
  await apiFetch('/api/v1/me')
  t.equal(seen[0]!.headers.get('authorization'), null)
  t.equal(seen[0]!.headers.get('accept'), 'application/json')
  saveKey(KEY)
  await apiFetch('/api/v1/datasets/g3/applications', { method: 'POST', headers: { 'content-type': 'application/json' } })
  t.equal(seen[1]!.url, '/api/v1/datasets/g3/applications', 'the key is not in the URL')
  t.equal(seen[1]!.headers.get('authorization'), `Bearer ${KEY}`)
  t.equal(seen[1]!.headers.get('content-type'), 'application/json')
  t.equal(seen[1]!.method, 'POST')
})

t.test('problemDetail reads an RFC 9457 answer, or falls back to the status', async (t) => {
  t.equal(await problemDetail(new Response(JSON.stringify({ title: 'Unauthorized', detail: 'the API key is not valid' }), { status: 401 })), 'the API key is not valid')
  t.equal(await problemDetail(new Response(JSON.stringify({ title: 'Conflict' }), { status: 409 })), 'Conflict')
  t.equal(await problemDetail(new Response('<html>', { status: 502, statusText: 'Bad Gateway' })), '502 Bad Gateway')
})

t.test('texts for the scripts: one language of a table, filled in', async (t) => {
  const zh = parseText<AccountText>(scriptText(ACCOUNT_SCRIPT_TEXT, 'zh'))!
  const en = parseText<AccountText>(scriptText(ACCOUNT_SCRIPT_TEXT, 'en'))!
  t.equal(zh.forgotten, ACCOUNT_SCRIPT_TEXT.forgotten.zh)
  t.equal(en.forgotten, ACCOUNT_SCRIPT_TEXT.forgotten.en)
  t.equal(Object.keys(JSON.parse(scriptText(APPLY_SCRIPT_TEXT, 'en'))).length, Object.keys(APPLY_SCRIPT_TEXT).length)
  t.equal(parseText('not json'), undefined)
  t.equal(parseText(undefined), undefined)
  t.equal(fill('{n} requests, reset in {reset}', { n: 5, reset: '3 s' }), '5 requests, reset in 3 s')
  t.equal(fill('{n} and {missing}', { n: 1 }), '1 and {missing}')
  t.equal(fill('{detail}', { detail: '$& {n}' }), '$& {n}', 'a value is text, not a replacement pattern')
  // every placeholder a table uses is one the scripts fill
  const known = new Set(['detail', 'requests', 'downloads', 'n', 'reset', 'date', 'reason', 'id', 'due'])
  for (const table of [ACCOUNT_SCRIPT_TEXT, APPLY_SCRIPT_TEXT]) {
    for (const [name, text] of Object.entries(table)) {
      for (const lang of ['zh', 'en'] as const) {
        for (const [, placeholder] of text[lang].matchAll(/\{(\w+)\}/g)) t.ok(known.has(placeholder!), `${name}.${lang}: {${placeholder}}`)
      }
      t.same([...text.zh.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), [...text.en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), `${name}: same placeholders in both languages`)
    }
  }
})

t.test('dates, expiries and deadlines in words', async (t) => {
  const en = JSON.parse(scriptText(ACCOUNT_SCRIPT_TEXT, 'en')) as AccountText
  const zh = JSON.parse(scriptText(ACCOUNT_SCRIPT_TEXT, 'zh')) as AccountText
  const now = new Date(2026, 11, 2, 15, 30) // 2 December 2026, afternoon
  t.equal(daysUntil('2026-12-02', now), 0)
  t.equal(daysUntil('2026-12-03', now), 1)
  t.equal(daysUntil('2027-01-01', now), 30)
  t.equal(daysUntil('2026-11-30', now), -2)
  t.equal(daysUntil('soon', now), undefined)
  t.equal(expiryText(en, null, now), 'Does not expire')
  t.equal(expiryText(en, '2027-01-01', now), '2027-01-01 (30 days left)')
  t.equal(expiryText(en, '2026-12-03', now), '2026-12-03 (1 day left)')
  t.equal(expiryText(en, '2026-12-02', now), '2026-12-02 (today is the last day)')
  t.equal(expiryText(en, '2026-12-01', now), '2026-12-01 (expired)')
  t.equal(expiryText(zh, '2027-01-01', now), '2027-01-01（还剩 30 天）')
  t.equal(deadlineText(en, '2026-12-30', true, now), '2026-12-30')
  t.equal(deadlineText(en, '2026-12-01', true, now), '2026-12-01 (overdue)')
  t.equal(deadlineText(en, '2026-12-01', false, now), '2026-12-01', 'a decided application is not overdue')
  t.equal(durationText(en, 42), '42 s')
  t.equal(durationText(en, 0), '0 s')
  t.equal(durationText(en, 61), '2 min')
  t.equal(durationText(zh, 3600), '60 分钟')
  const at = new Date(2026, 11, 2, 9, 5)
  t.equal(instantText(at.toISOString()), '2026-12-02 09:05', 'in the reader\'s zone')
  t.equal(countText(1_000_000, 'en'), '1,000,000')
  t.equal(countText(1200, 'zh-CN'), '1,200')
  t.equal(countText(7, 'not a locale!'), '7')
  t.equal(instantText(null), '')
  t.equal(instantText('garbage'), 'garbage')
})

t.test('tiers, statuses and replies in words', async (t) => {
  const en = JSON.parse(scriptText(ACCOUNT_SCRIPT_TEXT, 'en')) as AccountText
  const zh = JSON.parse(scriptText(ACCOUNT_SCRIPT_TEXT, 'zh')) as AccountText
  t.equal(tierText(en, 'registered'), 'Registered')
  t.equal(tierText(zh, 'partner'), '合作单位')
  t.equal(tierText(en, 'admin'), 'Administrator')
  t.equal(tierText(en, 'future-tier'), 'future-tier')
  t.equal(statusText(en, 'pending'), 'Awaiting reply')
  t.equal(statusText(zh, 'approved'), '已批准')
  t.equal(statusText(en, 'rejected'), 'Not approved')
  t.equal(replyText(en, { status: 'approved', expires_at: '2027-03-01', reason: null }), 'Approved, grant through 2027-03-01')
  t.equal(replyText(en, { status: 'rejected', expires_at: null, reason: 'purpose too broad' }), 'Reason: purpose too broad')
  t.equal(replyText(zh, { status: 'pending', expires_at: null, reason: null }), '尚未答复')
})
