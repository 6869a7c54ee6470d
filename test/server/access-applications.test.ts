/** SPEC §3 applications: apply, follow, approve (a grant that expires) or reject, over HTTP. */
import { mock } from 'node:test'
import t from 'tap'
import { runCli } from '../../src/cli/main.ts'
import { buildApp } from '../../src/server/app.ts'
import { daysFromToday, makePlatform, UNLIMITED } from '../helpers/access-platform.ts'

const PURPOSE = '研究住房补贴政策的覆盖面与公平性(academic research)'
const apply = { purpose: PURPOSE, accept_agreement: true }

t.test('a key holder applies for conditional data; the reply is due in 20 working days', async (t) => {
  // Thursday 2026-04-30, before the 劳动节 holiday (5-1 … 5-5) with its make-up Saturday 5-9
  const p = await makePlatform(t, {
    tiers: UNLIMITED,
    calendar: { holidays: new Set(['2026-05-01', '2026-05-04', '2026-05-05']), workdays: new Set(['2026-05-09']) },
  })
  const holder = await p.key()
  const other = await p.key()
  mock.timers.enable({ apis: ['Date'], now: new Date(2026, 3, 30, 16, 30).getTime() })
  t.teardown(() => mock.timers.reset())
  const post = (id: string, payload: object, headers: Record<string, string> = p.auth(holder.token)) =>
    p.app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/applications`, headers, payload })

  t.equal((await post('g3', apply, {})).statusCode, 401, 'anonymous')
  const res = await post('g3', apply)
  t.equal(res.statusCode, 201, res.body)
  // May: 6 7 8 9(make-up Sat) 11 12 13 14 15 18 19 20 21 22 25 26 27 28 29, June 1 → the 20th
  t.match(res.json(), { id: 1, dataset: 'g3', key_id: holder.id, status: 'pending', due_by: '2026-06-01', purpose: PURPOSE, decided_at: null })

  const refused: Array<[string, object, number, RegExp]> = [
    ['g3', apply, 409, /application 1 for g3 is already pending \(reply due by 2026-06-01\)/],
    ['g1', apply, 409, /g1 is unconditionally open \(grade 1\): no application is needed/],
    ['g2', apply, 409, /any valid key may read it/],
    ['g4', apply, 409, /closed/],
    ['nope', apply, 404, /no dataset nope/],
    ['g2c', { purpose: PURPOSE, accept_agreement: false }, 400, /accept_agreement/],
    ['g2c', { purpose: PURPOSE }, 400, /accept_agreement/],
    ['g2c', { accept_agreement: true }, 400, /purpose/],
    ['g2c', { purpose: 'because', accept_agreement: true }, 400, /purpose: describe the intended use in at least 10 characters/],
  ]
  for (const [id, payload, status, detail] of refused) {
    const r = await post(id, payload)
    t.equal(r.statusCode, status, `${id} ${JSON.stringify(payload)}`)
    t.match(r.json(), { status, detail }, r.body)
  }
  t.equal((await post('g2c', apply, p.auth(other.token))).statusCode, 201, 'another key may apply for the same dataset')

  const mine = await p.app.inject({ url: '/api/v1/applications', headers: p.auth(holder.token) })
  t.same(mine.json().items.map((a: { id: number }) => a.id), [1], 'only one\'s own applications')
  t.equal((await p.app.inject('/api/v1/applications')).statusCode, 401)
})

t.test('an administrator approves (a grant until a day) or rejects (with a reason)', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const admin = p.auth((await p.key('admin')).token)
  const holder = await p.key()
  const asHolder = p.auth(holder.token)
  mock.timers.enable({ apis: ['Date'], now: new Date(2026, 2, 2, 10, 0).getTime() })
  t.teardown(() => mock.timers.reset())
  const submit = async (id: string) => (await p.app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/applications`, headers: asHolder, payload: apply })).json().id as number
  const first = await submit('g3')
  const second = await submit('g2c')
  const decide = (id: number | string, action: string, payload: object, headers = admin) =>
    p.app.inject({ method: 'POST', url: `/api/v1/admin/applications/${id}/${action}`, headers, payload })

  t.equal((await p.app.inject({ url: '/api/v1/admin/applications', headers: asHolder })).statusCode, 403)
  t.equal((await p.app.inject('/api/v1/admin/applications')).statusCode, 401)
  const pending = await p.app.inject({ url: '/api/v1/admin/applications?status=pending', headers: admin })
  t.same(pending.json().items.map((a: { id: number }) => a.id), [first, second])
  t.equal((await decide(first, 'approve', { expires_at: '2026-03-31' }, asHolder)).statusCode, 403, 'not by the applicant')
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: asHolder })).statusCode, 403, 'no grant yet')

  t.equal((await decide(first, 'approve', { expires_at: '2026-03-01' })).statusCode, 400, 'a grant cannot end before it starts')
  t.equal((await decide(first, 'approve', {})).statusCode, 400)
  t.equal((await decide(999, 'approve', { expires_at: '2026-03-31' })).statusCode, 404)
  t.equal((await decide('abc', 'approve', { expires_at: '2026-03-31' })).statusCode, 400)
  const approved = await decide(first, 'approve', { expires_at: '2026-03-31' })
  t.equal(approved.statusCode, 200, approved.body)
  t.match(approved.json(), { id: first, status: 'approved', expires_at: '2026-03-31', decided_at: /^2026-03-02T/ })
  t.match((await decide(first, 'approve', { expires_at: '2026-04-30' })).json(), { status: 409, detail: /already approved/ })
  t.match((await decide(first, 'reject', { reason: 'changed my mind' })).json(), { status: 409 })

  t.equal((await decide(second, 'reject', { reason: '' })).statusCode, 400)
  const rejected = await decide(second, 'reject', { reason: '用途与数据集不符 (purpose does not match the data)' })
  t.match(rejected.json(), { id: second, status: 'rejected', reason: '用途与数据集不符 (purpose does not match the data)', expires_at: null })

  t.equal((await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: asHolder })).statusCode, 200, 'the grant opens the data at once')
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g2c/rows', headers: asHolder })).statusCode, 403, 'a rejection opens nothing')
  const own = (await p.app.inject({ url: '/api/v1/applications', headers: asHolder })).json().items
  t.match(own, [{ id: first, status: 'approved' }, { id: second, status: 'rejected', reason: /purpose does not match/ }], 'the applicant sees the decisions')
  const me = (await p.app.inject({ url: '/api/v1/me', headers: asHolder })).json()
  t.same(me.grants, [{ dataset: 'g3', expires_at: '2026-03-31', application_id: first }])

  mock.timers.setTime(new Date(2026, 2, 31, 23, 59).getTime())
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: asHolder })).statusCode, 200, 'valid through its last day')
  mock.timers.setTime(new Date(2026, 3, 1, 0, 0).getTime())
  const lapsed = await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: asHolder })
  t.equal(lapsed.statusCode, 403, 'and not a minute after')
  t.match(lapsed.json(), { detail: /apply with POST \/api\/v1\/datasets\/g3\/applications/ })
  t.same((await p.app.inject({ url: '/api/v1/me', headers: asHolder })).json().grants, [], 'gone from /me too')
  t.equal((await p.app.inject({ method: 'POST', url: '/api/v1/datasets/g3/applications', headers: asHolder, payload: apply })).statusCode, 201, 'and one may apply again')
})

t.test('concurrent applications for the same dataset: one is pending, the others are told so', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const holder = await p.key()
  const results = await Promise.all(Array.from({ length: 8 }, () =>
    p.app.inject({ method: 'POST', url: '/api/v1/datasets/g3/applications', headers: p.auth(holder.token), payload: apply })))
  t.same(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409, 409, 409])
  t.equal((await p.access.listApplications({ keyId: holder.id })).length, 1)
})

t.test('an administrator cannot approve an application made with its own key; another administrator can', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const applicant = await p.key('admin', 'analyst with admin rights')
  const colleague = await p.key('admin', 'second administrator')
  const submitted = await p.app.inject({ method: 'POST', url: '/api/v1/datasets/g3/applications', headers: p.auth(applicant.token), payload: apply })
  t.equal(submitted.statusCode, 201, 'an administrator may apply like anyone')
  const approve = (token: string) => p.app.inject({
    method: 'POST', url: `/api/v1/admin/applications/${submitted.json().id}/approve`, headers: p.auth(token), payload: { expires_at: daysFromToday(30) },
  })
  const own = await approve(applicant.token)
  t.equal(own.statusCode, 403)
  t.match(own.headers['content-type'], /^application\/problem\+json/)
  t.match(own.json(), { status: 403, detail: /made with the key deciding it: another administrator must approve it/ })
  t.equal((await p.access.getApplication(submitted.json().id))?.status, 'pending', 'still pending')
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: p.auth(applicant.token) })).statusCode, 403, 'no grant')
  t.equal((await approve(colleague.token)).statusCode, 200, 'approved by someone else')
})

t.test('a grant runs at most GONGKAI_MAX_GRANT_DAYS (a year by default), over HTTP and on the CLI', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const admin = p.auth((await p.key('admin')).token)
  const holder = await p.key()
  mock.timers.enable({ apis: ['Date'], now: new Date(2026, 2, 2, 10, 0).getTime() })
  t.teardown(() => mock.timers.reset())
  const submit = async (id: string) => (await p.app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/applications`, headers: p.auth(holder.token), payload: apply })).json().id as number
  const approve = (app: typeof p.app, id: number, expires_at: string) =>
    app.inject({ method: 'POST', url: `/api/v1/admin/applications/${id}/approve`, headers: admin, payload: { expires_at } })

  const first = await submit('g3')
  const tooLong = await approve(p.app, first, '2027-03-03')
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.json(), {
    detail: 'expires_at: 2027-03-03 is more than 365 days away; a grant runs at most through 2027-03-02 (GONGKAI_MAX_GRANT_DAYS), the holder re-applies to renew it',
    errors: [{ path: 'expires_at' }],
  })
  t.equal((await approve(p.app, first, '2099-12-31')).statusCode, 400, 'nor for ever')
  t.equal((await approve(p.app, first, '2027-03-02')).statusCode, 200, 'a year to the day is allowed')

  const short = await buildApp({ store: p.store, access: p.access, tiers: UNLIMITED, maxGrantDays: 30 })
  t.teardown(() => short.close())
  const second = await submit('g2c')
  t.match((await approve(short, second, '2026-04-02')).json(), { status: 400, detail: /more than 30 days away; a grant runs at most through 2026-04-01/ })
  t.equal((await approve(short, second, '2026-04-01')).statusCode, 200)

  const third = await submit('g3')
  const out = { stdout: [] as string[], stderr: [] as string[] }
  const cli = (...args: string[]) => runCli(args, { log: (l) => out.stdout.push(l), error: (l) => out.stderr.push(l) }, { ...p.fx.env, GONGKAI_MAX_GRANT_DAYS: '30' })
  t.equal(await cli('applications', 'approve', String(third), '--expires', '2026-04-02'), 1, 'the CLI obeys the same cap')
  t.match(out.stderr.join('\n'), /--expires: 2026-04-02 is more than 30 days away/)
  t.equal(await cli('applications', 'approve', String(third), '--expires', '2026-04-01'), 0, out.stderr.join('\n'))
})
