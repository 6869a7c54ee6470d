/**
 * The portal compresses its pages and assets (brotli or gzip, as Accept-Encoding asks); the API,
 * registered outside the portal's context, answers exactly as before: its bodies, ETags, lengths
 * and byte ranges are untouched.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { makePortal } from '../helpers/portal.ts'

type Inject = Awaited<ReturnType<typeof makePortal>>['app']

function decode(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body)
  if (encoding === 'gzip') return gunzipSync(body)
  throw new Error(`unexpected content-encoding ${encoding}`)
}

async function assetUrls(app: Inject): Promise<{ css: string; js: string }> {
  const home = await app.inject({ url: '/' })
  const css = /href="(\/assets\/[^"]+\.css)"/.exec(home.body)?.[1]
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(home.body)?.[1]
  if (!css || !js) throw new Error('home links no stylesheet or script')
  return { css, js }
}

t.test('pages are compressed as Accept-Encoding asks and decompress to the same HTML', async (t) => {
  const { app } = await makePortal(t)
  for (const url of ['/', '/datasets', '/datasets?q=station', '/datasets/stations', '/datasets/stations?lang=en', '/account']) {
    const plain = await app.inject({ url })
    t.equal(plain.statusCode, 200, url)
    t.notOk(plain.headers['content-encoding'], `${url} without Accept-Encoding is sent as is`)
    t.ok(plain.rawPayload.length > 1024, `${url} is over the 1 KB threshold`)
    for (const encoding of ['br', 'gzip']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': encoding } })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['content-encoding'], encoding, `${url} ${encoding}`)
      t.match(res.headers['content-type'], /text\/html/)
      t.match(res.headers.vary, /accept-encoding/i, 'caches keep encodings apart')
      t.match(res.headers.vary, /accept-language/i, 'and languages still')
      t.match(res.headers['content-security-policy'], /script-src 'self'/, 'security headers stay')
      t.ok(res.rawPayload.length < plain.rawPayload.length, 'smaller')
      t.equal(decode(encoding, res.rawPayload).toString('utf8'), plain.body, 'the same page')
    }
  }
  // a browser's usual header: brotli preferred
  const browser = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
  t.equal(browser.headers['content-encoding'], 'br')
  // nothing it cannot offer
  const deflate = await app.inject({ url: '/', headers: { 'accept-encoding': 'deflate' } })
  t.notOk(deflate.headers['content-encoding'])
})

t.test('HTML error pages of the portal are compressed too', async (t) => {
  const { app } = await makePortal(t)
  const res = await app.inject({ url: '/datasets/no-such-dataset', headers: { 'accept-encoding': 'gzip', accept: 'text/html' } })
  t.equal(res.statusCode, 404)
  t.equal(res.headers['content-encoding'], 'gzip')
  t.match(decode('gzip', res.rawPayload).toString('utf8'), /<!doctype html>/)
})

t.test('scripts and styles from @fastify/static are compressed and keep their caching', async (t) => {
  const { app } = await makePortal(t)
  const { css, js } = await assetUrls(app)
  for (const url of [css, js]) {
    const plain = await app.inject({ url })
    t.equal(plain.statusCode, 200)
    for (const encoding of ['br', 'gzip']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': encoding } })
      t.equal(res.statusCode, 200)
      // a file is sent as a stream, so even a small one is encoded (the threshold applies to bodies in memory)
      t.equal(res.headers['content-encoding'], encoding, `${url} ${encoding}`)
      t.match(res.headers['cache-control'], /immutable/)
      t.match(res.headers.vary, /accept-encoding/i)
      t.ok(decode(encoding, res.rawPayload).equals(plain.rawPayload), 'the same file')
    }
  }
  // a byte range of an asset is sent as is: Content-Range counts unencoded bytes
  const ranged = await app.inject({ url: css, headers: { 'accept-encoding': 'br', range: 'bytes=0-9' } })
  t.equal(ranged.statusCode, 206)
  t.notOk(ranged.headers['content-encoding'])
  t.equal(ranged.rawPayload.length, 10)
})

t.test('the API is not compressed: JSON bodies and downloads are byte for byte what they were', async (t) => {
  const { app } = await makePortal(t)
  for (const url of ['/api/v1/datasets', '/api/v1/datasets/stations', '/api/v1/datasets/stations/rows?_limit=100']) {
    const plain = await app.inject({ url })
    t.equal(plain.statusCode, 200, url)
    t.ok(plain.rawPayload.length > 1024, `${url} would be over the threshold`)
    for (const encoding of ['br', 'gzip']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': encoding } })
      t.equal(res.statusCode, 200)
      t.notOk(res.headers['content-encoding'], `${url} with ${encoding} is not encoded`)
      t.notMatch(String(res.headers.vary ?? ''), /accept-encoding/i)
      t.ok(res.rawPayload.equals(plain.rawPayload), 'same bytes')
    }
  }
  const url = '/api/v1/datasets/stations/download.csv'
  const plain = await app.inject({ url })
  t.equal(plain.statusCode, 200)
  const res = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['content-encoding'], 'a download is the file itself')
  t.equal(res.headers['content-length'], plain.headers['content-length'])
  t.equal(res.headers.etag, plain.headers.etag)
  t.ok(res.rawPayload.equals(plain.rawPayload))
  const ranged = await app.inject({ url, headers: { 'accept-encoding': 'gzip', range: 'bytes=10-19' } })
  t.equal(ranged.statusCode, 206)
  t.notOk(ranged.headers['content-encoding'])
  t.ok(ranged.rawPayload.equals(plain.rawPayload.subarray(10, 20)), 'the range of the same bytes')
  const gz = await app.inject({ url: '/api/v1/datasets/stations/download.csv.gz', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.statusCode, 200)
  t.notOk(gz.headers['content-encoding'], 'csv.gz is a gzip file, not a gzip-encoded CSV')
  t.equal(gunzipSync(gz.rawPayload).toString('utf8'), plain.body)
})
