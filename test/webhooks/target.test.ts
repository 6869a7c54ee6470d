import http from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { checkTarget, parseTargetUrl, pinnedLookup, TargetRefused, type Resolve } from '../../src/webhooks/target.ts'

/** A resolver that knows a few names, as DNS would answer them: what an attacker controlling a zone can make it say. */
const NAMES: Record<string, string[]> = {
  'receiver.example': ['93.184.215.14'],
  'dual.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'sneaky.example': ['93.184.215.14', '10.0.0.7'],
  'inside.example': ['127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:127.0.0.1'],
}
const resolve: Resolve = async (host) => {
  const found = NAMES[host]
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}

const check = (raw: string, allowPrivate = false, resolver: Resolve = resolve) => checkTarget(parseTargetUrl(raw, allowPrivate), allowPrivate, resolver)

const REFUSED: Array<[string, string]> = [
  ['https://127.0.0.1/hook', '127.0.0.1 (loopback)'],
  ['https://127.1.2.3/hook', '127.1.2.3 (loopback)'],
  ['https://2130706433/hook', '127.0.0.1 (loopback)'],
  ['https://10.1.2.3/hook', '10.1.2.3 (private)'],
  ['https://172.16.0.1/hook', '172.16.0.1 (private)'],
  ['https://192.168.1.1/hook', '192.168.1.1 (private)'],
  ['https://169.254.169.254/latest/meta-data', '169.254.169.254 (linkLocal)'],
  ['https://100.64.0.1/', '100.64.0.1 (carrierGradeNat)'],
  ['https://0.0.0.0/', '0.0.0.0 (unspecified)'],
  ['https://224.0.0.1/', '224.0.0.1 (multicast)'],
  ['https://255.255.255.255/', '255.255.255.255 (broadcast)'],
  ['https://[::1]/hook', '::1 (loopback)'],
  ['https://[::]/hook', ':: (unspecified)'],
  ['https://[fd00::1]/hook', 'fd00::1 (uniqueLocal)'],
  ['https://[fe80::1]/hook', 'fe80::1 (linkLocal)'],
  ['https://[ff02::1]/hook', 'ff02::1 (multicast)'],
  ['https://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1 (loopback)'],
  ['https://[::ffff:10.0.0.1]/hook', '::ffff:a00:1 (private)'],
  ['https://[2002:7f00:1::]/hook', '2002:7f00:1:: (6to4)'],
  ['https://[64:ff9b::7f00:1]/hook', '64:ff9b::7f00:1 (rfc6052)'],
  ['https://inside.example/hook', '127.0.0.1 (loopback)'],
  ['https://metadata.example/hook', '169.254.169.254 (linkLocal)'],
  ['https://mapped.example/hook', '::ffff:127.0.0.1 (loopback)'],
  ['https://sneaky.example/hook', '10.0.0.7 (private)'],
]

t.test('SSRF: a target resolving to anything but public unicast is refused, whatever form it is written in', async (t) => {
  for (const [url, said] of REFUSED) {
    await t.rejects(check(url), { constructor: TargetRefused, message: new RegExp(`resolves to ${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: only public addresses may receive webhooks$`) }, url)
  }
})

t.test('the real resolver: localhost is loopback', async (t) => {
  await t.rejects(checkTarget(new URL('https://localhost/hook'), false), { constructor: TargetRefused, message: /^host localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/ })
})

t.test('public targets are accepted, and the address to connect to is the one checked', async (t) => {
  t.match(await check('https://receiver.example/hook?x=1'), { address: '93.184.215.14', family: 4 })
  t.match(await check('https://dual.example/'), { address: '93.184.215.14', family: 4 }, 'every address checked, the first used')
  t.match(await check('https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/'), { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 })
  t.match(await check('https://8.8.8.8/'), { address: '8.8.8.8', family: 4 })
})

t.test('an unknown host is refused, saying so', async (t) => {
  await t.rejects(check('https://nowhere.example/'), { constructor: TargetRefused, message: 'host nowhere.example cannot be resolved (ENOTFOUND)' })
  await t.rejects(check('https://empty.example/', false, async () => []), { message: 'host empty.example cannot be resolved (no address)' })
})

t.test('GONGKAI_WEBHOOK_ALLOW_PRIVATE lifts the address check and allows plain http', async (t) => {
  t.match(await check('http://127.0.0.1:8080/hook', true), { address: '127.0.0.1' })
  t.match(await check('https://inside.example/', true), { address: '127.0.0.1' })
  t.match(await check('http://[::1]:9/', true), { address: '::1', family: 6 })
})

const BAD_URLS: Array<[string, boolean, string]> = [
  ['receiver.example/hook', false, 'is not an absolute URL'],
  ['ftp://receiver.example/', false, 'must be an https URL, not ftp:'],
  ['javascript:alert(1)', true, 'must be an https URL, not javascript:'],
  ['http://receiver.example/', false, 'must be an https URL (plain http only with GONGKAI_WEBHOOK_ALLOW_PRIVATE=true)'],
  ['https://user:pw@receiver.example/', false, 'must not hold a user name or password: verify the webhook-signature header instead'],
  ['https://user@receiver.example/', true, 'must not hold a user name or password: verify the webhook-signature header instead'],
  ['https://receiver.example/#part', false, 'must not have a fragment (#…): it is never sent'],
  [`https://receiver.example/${'a'.repeat(2040)}`, false, 'must be at most 2048 characters'],
]

t.test('URLs: absolute http(s), https unless private targets are allowed, no credentials, no fragment, bounded', async (t) => {
  for (const [url, allowPrivate, message] of BAD_URLS) t.throws(() => parseTargetUrl(url, allowPrivate), { constructor: TargetRefused, message }, url.slice(0, 40))
  t.equal(parseTargetUrl('http://receiver.example/x', true).href, 'http://receiver.example/x')
  t.equal(parseTargetUrl('https://RECEIVER.example:443/x?a=b', false).href, 'https://receiver.example/x?a=b')
})

t.test('the pinned lookup connects to the checked address and never asks DNS (no rebinding)', async (t) => {
  const server = http.createServer((request, response) => response.end(request.headers.host))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  t.teardown(() => new Promise<void>((done) => server.close(() => done())))
  const { port } = server.address() as AddressInfo
  const target = await check(`http://inside.example:${port}/`, true)
  const body = await new Promise<string>((done, fail) => {
    http.get(target.url, { lookup: pinnedLookup(target), agent: false }, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => done(text))
    }).on('error', fail)
  })
  t.equal(body, `inside.example:${port}`, 'reached the checked address; the Host header keeps the name')
  const asked: unknown[] = []
  pinnedLookup(target)('other.example', { all: true }, (...args: unknown[]) => asked.push(args))
  pinnedLookup(target)('other.example', {}, (...args: unknown[]) => asked.push(args))
  t.same(asked, [[null, [{ address: '127.0.0.1', family: 4 }]], [null, '127.0.0.1', 4]])
})
