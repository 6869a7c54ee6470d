/** `gongkai applications …` through runCli: review what key holders applied for over HTTP. */
import t from 'tap'
import { localToday } from '../../src/access/dates.ts'
import { makePlatform, UNLIMITED, daysFromToday } from '../helpers/access-platform.ts'

t.test('list, approve with an expiry, reject with a reason', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const holder = await p.key()
  const apply = async (id: string, purpose: string) =>
    (await p.app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/applications`, headers: p.auth(holder.token), payload: { purpose, accept_agreement: true } })).json()
  const first = await apply('g3', '住房保障政策评估研究,需要逐条记录')
  const second = await apply('g2c', 'building a commercial lead list\nfrom the records')

  t.equal((await p.fx.cli('applications', 'list', '--status', 'approved')).stdout, 'no applications')
  const list = await p.fx.cli('applications', 'list')
  t.equal(list.code, 0, list.stderr)
  const lines = list.stdout.split('\n')
  t.match(lines[0], /^ID\s+DATASET\s+KEY\s+STATUS\s+SUBMITTED\s+DUE BY\s+DECISION\s+PURPOSE$/)
  t.match(lines[1], new RegExp(`^${first.id}\\s+g3\\s+${holder.id}\\s+pending\\s+${localToday()}\\s+${first.due_by}\\s+-\\s+住房保障政策评估研究,需要逐条记录$`))
  t.match(lines[2], /g2c .*pending.* building a commercial lead list from the records$/, 'purposes on one line')

  const approved = await p.fx.cli('applications', 'approve', String(first.id), '--expires', daysFromToday(90))
  t.equal(approved.code, 0, approved.stderr)
  t.equal(approved.stdout, `approved application ${first.id}: key ${holder.id} may read g3 through ${daysFromToday(90)}`)
  t.equal((await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: p.auth(holder.token) })).statusCode, 200, 'the running server sees the grant at once')

  const rejected = await p.fx.cli('applications', 'reject', String(second.id), '--reason', '不符合开放用途 (not an admissible purpose)')
  t.equal(rejected.code, 0, rejected.stderr)
  t.equal(rejected.stdout, `rejected application ${second.id} (g2c, key ${holder.id})`)
  const own = (await p.app.inject({ url: '/api/v1/applications', headers: p.auth(holder.token) })).json().items
  t.match(own, [{ status: 'approved', expires_at: daysFromToday(90) }, { status: 'rejected', reason: '不符合开放用途 (not an admissible purpose)' }])
  const decided = (await p.access.getApplication(first.id))
  t.equal(decided?.decidedBy, 'cli', 'recorded as decided on the command line')

  const after = await p.fx.cli('applications', 'list', '--status', 'approved')
  t.match(after.stdout, new RegExp(`${first.id}\\s+g3 .*approved .*until ${daysFromToday(90)}`))

  const cases: Array<[string[], number, RegExp]> = [
    [['applications', 'approve', String(first.id), '--expires', daysFromToday(9)], 1, /application \d+ is already approved/],
    [['applications', 'reject', String(second.id), '--reason', 'again'], 1, /already rejected/],
    [['applications', 'approve', '99', '--expires', daysFromToday(9)], 1, /no application 99/],
    [['applications', 'approve', String(first.id)], 2, /needs --expires/],
    [['applications', 'reject', String(first.id)], 2, /needs --reason/],
    [['applications', 'approve', 'abc', '--expires', daysFromToday(9)], 2, /usage/],
    [['applications', 'list', '--status', 'open'], 2, /--status must be one of pending, approved, rejected/],
    [['applications'], 2, /usage/],
  ]
  for (const [args, code, message] of cases) {
    const run = await p.fx.cli(...args)
    t.equal(run.code, code, args.join(' '))
    t.match(run.stderr, message, args.join(' '))
  }
  const third = await apply('g3', 'a second study of the same data')
  t.match((await p.fx.cli('applications', 'approve', String(third.id), '--expires', '2020-01-01')).stderr, /--expires: 2020-01-01 is in the past/)
  t.match((await p.fx.cli('applications', 'reject', String(third.id), '--reason', '  ')).stderr, /reason: must be 1 to 2000 characters/)
})
