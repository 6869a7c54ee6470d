/** Requests Node's HTTP parser refuses before routing, sent byte for byte over a real TCP socket. */
import net from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import { makePlatform, UNLIMITED } from '../helpers/access-platform.ts'

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Writes `request` as it is (curl sends raw UTF-8 this way) and reads until the server closes. */
function rawRequest(port: number, request: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [head = '', ...rest] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') })
    })
  })
}

t.test('refused requests get a problem saying what to do, and a log line without the bytes sent', async (t) => {
  const lines: string[] = []
  const p = await makePlatform(t, { tiers: UNLIMITED, logger: { level: 'info', stream: new Writable({ write: (c, _e, done) => { lines.push(String(c)); done() } }) } })
  const { token } = await p.key()
  const address = await p.app.listen({ host: '127.0.0.1', port: 0 })
  const port = Number(new URL(address).port)
  const personal = '110101199003074578'
  const cases: Array<[string, Buffer, number, RegExp]> = [
    ['raw UTF-8 in the query', Buffer.from('GET /api/v1/datasets?q=空气&grade=1 HTTP/1.1\r\nHost: x\r\n\r\n'), 400, /percent-encoded \(RFC 3986\).*curl -G --data-urlencode 'q=空气'/],
    ['raw UTF-8 in the path', Buffer.from(`GET /api/v1/datasets/g1/rows/区1?id=${personal} HTTP/1.1\r\nHost: x\r\n\r\n`), 400, /percent-encoded/],
    ['a key and an identifier beside raw UTF-8', Buffer.from(`GET /api/v1/datasets/g1/rows?district=区1&who=${personal}&k=${token} HTTP/1.1\r\nHost: x\r\n\r\n`), 400, /percent-encoded/],
    ['oversized headers', Buffer.from(`GET /api/v1/datasets HTTP/1.1\r\nHost: x\r\nX-API-Key: ${token}\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`), 431, /headers are too large/],
    ['not HTTP at all', Buffer.from('HELLO\r\n\r\n'), 400, /not valid HTTP\/1\.1/],
  ]
  for (const [what, request, status, detail] of cases) {
    const res = await rawRequest(port, request)
    t.equal(res.status, status, what)
    t.equal(res.headers['content-type'], 'application/problem+json', `${what}: a problem`)
    t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body), `${what}: Content-Length counts bytes`)
    t.match(JSON.parse(res.body), { type: /^https:\/\/gongkai\.dev\/problems\//, status, detail }, what)
  }
  const refused = lines.flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l)).filter((l) => l.clientError)
  t.equal(refused.length, cases.length, 'each refusal is logged')
  t.match(refused[0], { level: 30, msg: 'request refused by the HTTP parser', clientError: { status: 400, code: 'HPE_INVALID_URL', remoteAddress: /127\.0\.0\.1/ } })
  t.match(refused[3], { clientError: { status: 431, code: 'HPE_HEADER_OVERFLOW' } })
  const log = lines.join('')
  for (const secret of [token.slice(20), personal, '空气', '区1', 'aaaaaaaa']) t.notOk(log.includes(secret), `the log holds nothing that was sent (${secret.slice(0, 8)})`)
  const fine = await fetch(`${address}/api/v1/datasets?q=${encodeURIComponent('空气')}`)
  t.equal(fine.status, 200, 'the same request percent-encoded is answered')
})

t.test('a path the router cannot decode is a problem too', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  for (const url of ['/api/v1/datasets/%E0%A4%A', '/api/v1/datasets/g1/%zz/rows']) {
    const res = await p.app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status: 400, detail: /not valid percent-encoding: every % must start a UTF-8 escape %XX \(a literal % is %25\)/ })
  }
})
