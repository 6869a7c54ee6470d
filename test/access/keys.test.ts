import crypto from 'node:crypto'
import t from 'tap'
import { digestSecret, generateKey, KEY_PATTERN, parseKey, secretMatches } from '../../src/access/keys.ts'

t.test('keys are gk_<16 hex id>_<64 hex secret>, random every time', async (t) => {
  const keys = Array.from({ length: 200 }, generateKey)
  for (const key of keys) {
    t.match(key.token, KEY_PATTERN)
    t.equal(key.token, `gk_${key.id}_${key.secret}`)
    t.same(parseKey(key.token), { id: key.id, secret: key.secret })
  }
  t.equal(new Set(keys.map((k) => k.id)).size, 200)
  t.equal(new Set(keys.map((k) => k.secret)).size, 200)
})

t.test('anything else does not parse', async (t) => {
  const { token, id, secret } = generateKey()
  for (const bad of ['', 'gk_', token.slice(0, -1), `${token}0`, token.toUpperCase(), `GK_${id}_${secret}`, `gk-${id}-${secret}`, ` ${token}`, `${token}\n`,
    `gk_${id}_${secret.slice(0, 63)}g`, `gk_${id.slice(1)}_${secret}0`, `xx_${id}_${secret}`]) {
    t.equal(parseKey(bad), undefined, JSON.stringify(bad.slice(0, 30)))
  }
})

t.test('only the SHA-256 of the secret is kept, and compared in constant time', async (t) => {
  const { secret } = generateKey()
  const digest = digestSecret(secret)
  t.equal(digest, crypto.createHash('sha256').update(secret).digest('hex'))
  t.notOk(digest.includes(secret.slice(0, 16)))
  t.ok(secretMatches(secret, digest))
  t.notOk(secretMatches(generateKey().secret, digest))
  t.notOk(secretMatches(secret, undefined), 'no stored digest: compared against a decoy, never a match')
  t.notOk(secretMatches(secret, 'abcd'), 'a stored value of the wrong length never matches')
})
