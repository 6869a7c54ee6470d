import t from 'tap'
import { denyRead, isAdmin, readAccess, requiresGrant, type Caller } from '../../src/access/policy.ts'
import type { Grade, OpenAttribute } from '../../src/config/grades.ts'

const anonymous: Caller = { tier: 'anonymous' }
const keyed: Caller = { keyId: 'k', tier: 'registered', grantedDatasets: new Set() }
const granted: Caller = { keyId: 'k', tier: 'registered', grantedDatasets: new Set(['d']) }
const admin: Caller = { keyId: 'a', tier: 'admin', grantedDatasets: new Set() }

t.test('one table: grade × open attribute × caller → allowed or the status', async (t) => {
  const cases: Array<[Grade, OpenAttribute, number | undefined, number | undefined, number | undefined, number | undefined]> = [
    // grade, open, anonymous, key, key with grant, admin
    [1, 'unconditional', undefined, undefined, undefined, undefined],
    [1, 'conditional', 401, 403, undefined, 403],
    [2, 'unconditional', 401, undefined, undefined, undefined],
    [2, 'conditional', 401, 403, undefined, 403],
    [3, 'conditional', 401, 403, undefined, 403],
    [3, 'closed', 403, 403, 403, 403],
    [4, 'closed', 403, 403, 403, 403],
    [2, 'closed', 403, 403, 403, 403],
  ]
  for (const [grade, open, ...expected] of cases) {
    const entry = { id: 'd', grade, open }
    const got = [anonymous, keyed, granted, admin].map((c) => denyRead(entry, c)?.status)
    t.same(got, expected, `grade ${grade} ${open}`)
    t.equal(requiresGrant(entry), readAccess(entry) === 'granted-key')
  }
  t.match(denyRead({ id: 'd', grade: 3, open: 'conditional' }, keyed)?.detail, /apply with POST \/api\/v1\/datasets\/d\/applications/)
  t.ok(isAdmin(admin))
  t.notOk(isAdmin({ tier: 'admin' }), 'a tier without a key is nobody')
  t.notOk(isAdmin(keyed))
})
