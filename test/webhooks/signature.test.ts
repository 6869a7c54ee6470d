import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { generateSecret, SECRET_PREFIX, signedHeaders } from '../../src/webhooks/signature.ts'

/** The standardwebhooks package, written by the specification's authors, is the oracle: what it accepts is a valid signature. */
const now = () => Math.floor(Date.now() / 1000)

t.test('secrets are whsec_ and 32 random bytes in base64, new every time', async (t) => {
  const secrets = Array.from({ length: 100 }, generateSecret)
  for (const secret of secrets) {
    t.ok(secret.startsWith(SECRET_PREFIX))
    t.equal(Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64').length, 32)
    t.match(secret.slice(SECRET_PREFIX.length), /^[A-Za-z0-9+/]{43}=$/)
  }
  t.equal(new Set(secrets).size, 100)
})

t.test('the standardwebhooks library verifies what is signed, for any body', async (t) => {
  const bodies = ['{}', '{"type":"version.published","data":{"title":"空气质量日报"}}', JSON.stringify({ text: 'line\nbreak "quoted" \u2028 😀' })]
  for (const [i, body] of bodies.entries()) {
    const secret = generateSecret()
    const headers = signedHeaders(secret, 'msg_sub1_42', now(), body)
    // U+2028 in a message would end the TAP line
    t.same(new Webhook(secret).verify(body, { ...headers }), JSON.parse(body), `body ${i + 1}`)
    t.equal(headers['webhook-signature'], new Webhook(secret).sign('msg_sub1_42', new Date(Number(headers['webhook-timestamp']) * 1000), body), 'the same signature the library makes')
  }
})

t.test('the library refuses a changed body, id, timestamp or another secret', async (t) => {
  const secret = generateSecret()
  const body = '{"type":"dataset.closed"}'
  const headers = signedHeaders(secret, 'msg_a_1', now(), body)
  const refused: Array<[string, () => unknown]> = [
    ['body', () => new Webhook(secret).verify('{"type":"dataset.closeD"}', { ...headers })],
    ['id', () => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_a_2' })],
    // one second before the signed one (not before now(), which may have moved on to the next second since)
    ['timestamp', () => new Webhook(secret).verify(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) })],
    ['secret', () => new Webhook(generateSecret()).verify(body, { ...headers })],
    ['stale', () => {
      const old = signedHeaders(secret, 'msg_a_1', now() - 3600, body)
      return new Webhook(secret).verify(body, { ...old })
    }],
  ]
  for (const [what, verify] of refused) t.throws(verify, { name: 'WebhookVerificationError' }, what)
})

t.test('timestamps are whole seconds; a secret without its prefix is a bug, not a signature', async (t) => {
  t.equal(signedHeaders(generateSecret(), 'm', 1700000000.9, '{}')['webhook-timestamp'], '1700000000')
  t.throws(() => signedHeaders('c2VjcmV0', 'm', 1, '{}'), /whsec_/)
})
