/**
 * Failed authentications are limited per address and per presented key id, and the limit never
 * locks a valid key out: ten bad keys from one address leave the admin key working from there.
 */
import t from 'tap'
import { generateKey } from '../../src/access/keys.ts'
import { DEFAULT_TIERS } from '../../src/config/tiers.ts'
import { makePlatform } from '../helpers/access-platform.ts'

const URL = '/api/v1/datasets/g1/rows?_limit=1'

t.test('ten bad keys from one address: the admin key from there is still served, bad ones get 429', async (t) => {
  const p = await makePlatform(t)
  const admin = await p.key('admin')
  const from = (headers: Record<string, string>, remoteAddress = '198.51.100.7') => p.app.inject({ url: URL, remoteAddress, headers })
  const quota = DEFAULT_TIERS.failedAuthPerMinute
  for (let i = 1; i <= quota; i++) t.equal((await from(p.auth(generateKey().token))).statusCode, 401, `bad key ${i}`)

  const served = await from(p.auth(admin.token))
  t.equal(served.statusCode, 200, 'a valid key from an address over its failed-authentication limit is served')
  t.match(served.headers.ratelimit, /^"minute";/, 'and counted against its own tier, as any request')
  const next = await from(p.auth(generateKey().token))
  t.equal(next.statusCode, 429, 'another bad key from there is a 429')
  t.match(next.json(), { detail: new RegExp(`${quota} failed authentications per minute`) })
  t.ok(next.headers['retry-after'])
  t.equal((await from({ authorization: 'Bearer not-a-key' })).statusCode, 429, 'a malformed key is refused unchecked')
  t.equal((await from(p.auth(admin.token))).statusCode, 200, 'and the admin key still works')
})

t.test('a key id guessed at from one address is refused there unchecked, and still served from elsewhere', async (t) => {
  const p = await makePlatform(t, { tiers: { ...DEFAULT_TIERS, failedAuthPerMinute: 3 } })
  const victim = await p.key()
  const guess = { authorization: `Bearer gk_${victim.id}_${'0'.repeat(64)}` }
  let lookups = 0
  const credentials = p.access.credentials.bind(p.access)
  p.access.credentials = async (...args) => {
    lookups++
    return credentials(...args)
  }
  const from = (remoteAddress: string, headers: Record<string, string>) => p.app.inject({ url: URL, remoteAddress, headers })
  for (let i = 1; i <= 3; i++) t.equal((await from('203.0.113.9', guess)).statusCode, 401, `wrong secret ${i}`)
  lookups = 0
  t.equal((await from('203.0.113.9', guess)).statusCode, 429)
  t.equal(lookups, 0, 'address and key id both over the limit: not looked up')
  t.equal((await from('203.0.113.9', p.auth(victim.token))).statusCode, 429, 'there, not even the right secret is checked')
  t.equal((await from('192.0.2.50', p.auth(victim.token))).statusCode, 200, 'the key works from its holder\'s own address')
  t.equal((await from('192.0.2.51', guess)).statusCode, 429, 'a wrong secret for that key id is a 429 from anywhere while its window runs')
})
