/** `gongkai keys …` through runCli, on the same store files a server would use. */
import t from 'tap'
import { authenticate } from '../../src/access/authenticate.ts'
import { SqliteAccessStore } from '../../src/store/sqlite/access-store.ts'
import { makeFixture } from '../helpers/fixture.ts'
import { daysFromToday } from '../helpers/access-platform.ts'

t.test('create prints the key once, alone on stdout; list never shows a secret; revoke', async (t) => {
  const fx = makeFixture(t)
  const created = await fx.cli('keys', 'create', '--name', '统计局 dashboard', '--tier', 'partner', '--expires', daysFromToday(30))
  t.equal(created.code, 0, created.stderr)
  const token = created.stdout
  t.match(token, /^gk_[0-9a-f]{16}_[0-9a-f]{64}$/, 'stdout is the key and nothing else')
  const [, id, secret] = token.split('_') as [string, string, string]
  t.match(created.stderr, new RegExp(`created key ${id} "统计局 dashboard" \\(tier partner, valid through ${daysFromToday(30)}\\)`))
  t.match(created.stderr, /shown once/)

  const other = await fx.cli('keys', 'create', '--name', 'app', '--tier', 'registered')
  t.equal(other.code, 0)
  const list = await fx.cli('keys', 'list')
  t.equal(list.code, 0)
  const lines = list.stdout.split('\n')
  t.match(lines[0], /^ID\s+TIER\s+STATUS\s+CREATED\s+EXPIRES\s+LAST USED\s+NAME$/)
  t.match(lines[1], new RegExp(`^${id}\\s+partner\\s+active\\s+\\d{4}-\\d{2}-\\d{2}\\s+${daysFromToday(30)}\\s+-\\s+统计局 dashboard$`))
  t.match(lines[2], /registered\s+active\s+\S+\s+-\s+-\s+app$/)
  t.notOk(list.stdout.includes(secret.slice(0, 16)), 'no secret in the list')

  const access = new SqliteAccessStore(fx.config.dataDir)
  t.teardown(() => access.close())
  t.match(await authenticate(access, token), { keyId: id, tier: 'partner', keyName: '统计局 dashboard' }, 'the key works')
  const revoked = await fx.cli('keys', 'revoke', id)
  t.equal(revoked.code, 0, revoked.stderr)
  t.match(revoked.stdout, new RegExp(`revoked key ${id} "统计局 dashboard" at \\d{4}-`))
  t.equal(await authenticate(access, token), undefined, 'and no longer')
  t.match((await fx.cli('keys', 'list')).stdout, new RegExp(`${id}\\s+partner\\s+revoked`))
})

t.test('mistakes are reported with the usage or the reason', async (t) => {
  const fx = makeFixture(t)
  const cases: Array<[string[], number, RegExp]> = [
    [['keys'], 2, /usage:\n\s+gongkai keys create/],
    [['keys', 'create'], 2, /keys create needs --name and --tier/],
    [['keys', 'create', '--name', 'x'], 2, /keys create needs --tier\n/],
    [['keys', 'create', '--tier', 'registered'], 2, /keys create needs --name\n/],
    [['keys', 'create', '--name', 'x', '--tier', 'gold'], 1, /tier: must be one of registered, partner, admin, got "gold"/],
    [['keys', 'create', '--name', 'x', '--tier', 'anonymous'], 1, /tier: must be one of/],
    [['keys', 'create', '--name', 'x', '--tier', 'registered', '--expires', '2020-01-01'], 1, /--expires: 2020-01-01 is in the past/],
    [['keys', 'create', '--name', 'x', '--tier', 'registered', '--expires', 'next week'], 1, /--expires: "next week" is not a date YYYY-MM-DD/],
    [['keys', 'create', '--name', '  ', '--tier', 'registered'], 1, /name: must be 1 to 100 characters/],
    [['keys', 'create', '--name', 'x', '--tier', 'registered', '--colour', 'red'], 2, /^unknown option --colour for keys create\n\nusage: gongkai keys create/],
    [['keys', 'revoke', '0123456789abcdef'], 1, /no key 0123456789abcdef/],
    [['keys', 'revoke'], 2, /usage/],
    [['keys', 'rotate'], 2, /usage/],
  ]
  for (const [args, code, message] of cases) {
    const run = await fx.cli(...args)
    t.equal(run.code, code, args.join(' '))
    t.match(run.stderr, message, args.join(' '))
    t.equal(run.stdout, '', 'nothing on stdout')
  }
  t.equal((await fx.cli('keys', 'list')).stdout, 'no keys', 'nothing was created')
})
