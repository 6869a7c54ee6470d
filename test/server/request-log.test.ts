import { Writable } from 'node:stream'
import t from 'tap'
import { makePlatform, UNLIMITED } from '../helpers/access-platform.ts'

/** The real pino output of the real app, one parsed line per entry. */
function capturedLog(): { lines: string[]; stream: Writable } {
  const lines: string[] = []
  return { lines, stream: new Writable({ write: (chunk, _enc, done) => { lines.push(...String(chunk).split('\n').filter(Boolean)); done() } }) }
}

t.test('a key anywhere in the URL (path segment, parameter name or value) never reaches the log', async (t) => {
  const log = capturedLog()
  const p = await makePlatform(t, { tiers: UNLIMITED, logger: { level: 'info', stream: log.stream } })
  const { token } = await p.key()
  const secret = token.slice(20)
  const urls = [
    `/api/v1/datasets/${token}/rows`,
    `/api/v1/datasets/g1/download.csv/${token}`,
    `/api/v1/datasets/g1/rows?${token}`,
    `/api/v1/datasets/g1/rows?_limit=1&${token}__gte=1`,
    `/api/v1/datasets/g1/rows?${token.replace(/_/g, '%5F')}=1`,
    `/${encodeURIComponent(token).replace(/_/g, '%5F')}`,
  ]
  for (const url of urls) {
    const res = await p.app.inject(url)
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${url.slice(0, 40)}: refused (${res.statusCode})`)
  }
  const logged = log.lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string } })
  const requestLines = logged.filter((l) => l.req)
  t.equal(requestLines.length, urls.length, 'every request is logged')
  t.ok(requestLines.every((l) => l.req?.url.includes('[REDACTED]')), 'each with the key replaced')
  t.notOk(log.lines.some((l) => l.includes(secret) || l.includes(secret.slice(0, 16))), 'no secret, nor part of it, anywhere in the log')
})
