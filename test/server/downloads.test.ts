import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import t, { type Test } from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/**
 * SPEC §6.2 over HTTP: bulk files served from disk with strong ETags, ranges, conditional requests
 * and file names. Each test has its own app: anonymous callers may download 20 files an hour.
 */
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

async function stations(t: Test, rows = 500) {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(rows))
  t.equal((await fx.cli('ingest')).code, 0)
  return { fx, app: await appFor(t, fx) }
}

const URLS = {
  csv: '/api/v1/datasets/stations/download.csv',
  'csv.gz': '/api/v1/datasets/stations/download.csv.gz',
  arrow: '/api/v1/datasets/stations/download.arrow',
} as const

t.test('each file is served whole with its size, SHA-256 ETag, type and name, matching the metadata', async (t) => {
  const { app } = await stations(t)
  const detail = (await app.inject('/api/v1/datasets/stations')).json()
  t.equal(detail.distributions.length, 3)
  const types = { csv: 'text/csv; charset=utf-8', 'csv.gz': 'application/gzip', arrow: 'application/vnd.apache.arrow.file' }
  for (const d of detail.distributions as Array<{ format: keyof typeof URLS; url: string; bytes: number; sha256: string; media_type: string }>) {
    for (const url of [URLS[d.format], d.url]) {
      const res = await app.inject(url)
      t.equal(res.statusCode, 200, url)
      t.equal(res.rawPayload.length, d.bytes, `${url}: bytes as listed`)
      t.equal(sha256(res.rawPayload), d.sha256, `${url}: SHA-256 as listed`)
      t.equal(res.headers['content-length'], String(d.bytes))
      t.equal(res.headers.etag, `"${d.sha256}"`)
      t.equal(res.headers['content-type'], types[d.format])
      t.equal(res.headers['accept-ranges'], 'bytes')
      t.match(res.headers['last-modified'], /GMT$/)
      t.equal(res.headers['content-encoding'], undefined, 'gzip is the file, not a transfer coding')
      t.equal(res.headers['content-disposition'],
        `attachment; filename="stations-v1.${d.format}"; filename*=UTF-8''${encodeURIComponent('空气质量监测站点日报')}-v1.${d.format}`)
    }
  }
  t.match((await app.inject(URLS.csv)).headers['cache-control'], /^public, no-cache$/, 'the current-version URL revalidates')
  t.match((await app.inject(detail.distributions[0].url)).headers['cache-control'], /immutable/, 'a version URL never changes')
})

t.test('the gzipped CSV is the CSV, compressed', async (t) => {
  const { app } = await stations(t)
  const csv = (await app.inject(URLS.csv)).rawPayload
  t.same(zlib.gunzipSync((await app.inject(URLS['csv.gz'])).rawPayload), csv)
})

t.test('a download broken half-way resumes with Range + If-Range into identical bytes', async (t) => {
  const { app } = await stations(t, 3000)
  for (const url of [URLS.csv, URLS.arrow]) {
    const whole = await app.inject(url)
    const size = whole.rawPayload.length
    const half = Math.floor(size / 2)
    const first = whole.rawPayload.subarray(0, half)
    const rest = await app.inject({ url, headers: { range: `bytes=${half}-`, 'if-range': whole.headers.etag as string } })
    t.equal(rest.statusCode, 206, url)
    t.equal(rest.headers['content-range'], `bytes ${half}-${size - 1}/${size}`)
    t.equal(rest.headers['content-length'], String(size - half))
    t.equal(sha256(Buffer.concat([first, rest.rawPayload])), whole.headers.etag?.toString().slice(1, -1), 'resumed bytes hash to the ETag')
    const byDate = await app.inject({ url, headers: { range: `bytes=${half}-`, 'if-range': whole.headers['last-modified'] as string } })
    t.equal(byDate.statusCode, 206, 'If-Range with the Last-Modified date')
  }
})

t.test('ranges: suffix, clamped, stale If-Range, multiple, unsatisfiable', async (t) => {
  const { app } = await stations(t)
  const whole = await app.inject(URLS.csv)
  const size = whole.rawPayload.length
  const cases: Array<[Record<string, string>, number, string | undefined, Buffer]> = [
    [{ range: 'bytes=0-9' }, 206, `bytes 0-9/${size}`, whole.rawPayload.subarray(0, 10)],
    [{ range: 'bytes=-5' }, 206, `bytes ${size - 5}-${size - 1}/${size}`, whole.rawPayload.subarray(size - 5)],
    [{ range: `bytes=10-${size + 1000}` }, 206, `bytes 10-${size - 1}/${size}`, whole.rawPayload.subarray(10)],
    [{ range: 'bytes=0-9', 'if-range': '"stale"' }, 200, undefined, whole.rawPayload],
    [{ range: 'bytes=0-9,20-29' }, 200, undefined, whole.rawPayload],
    [{ range: 'pages=1' }, 200, undefined, whole.rawPayload],
  ]
  for (const [headers, status, contentRange, body] of cases) {
    const res = await app.inject({ url: URLS.csv, headers })
    t.equal(res.statusCode, status, JSON.stringify(headers))
    t.equal(res.headers['content-range'], contentRange)
    t.same(res.rawPayload, body)
  }
  const beyond = await app.inject({ url: URLS.csv, headers: { range: `bytes=${size}-` } })
  t.equal(beyond.statusCode, 416)
  t.equal(beyond.headers['content-range'], `bytes */${size}`)
  t.match(beyond.headers['content-type'], /^application\/problem\+json/)
  t.match(beyond.json(), { status: 416, title: 'Range Not Satisfiable' })
})

t.test('conditional requests: 304 on If-None-Match and If-Modified-Since, 412 on If-Match', async (t) => {
  const { app } = await stations(t)
  const whole = await app.inject(URLS.arrow)
  const etag = whole.headers.etag as string
  const notModified = await app.inject({ url: URLS.arrow, headers: { 'if-none-match': etag } })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.rawPayload.length, 0)
  t.equal(notModified.headers.etag, etag)
  t.equal((await app.inject({ url: URLS.arrow, headers: { 'if-modified-since': whole.headers['last-modified'] as string } })).statusCode, 304)
  t.equal((await app.inject({ url: URLS.arrow, headers: { 'if-none-match': '"something-else"' } })).statusCode, 200)
  const failed = await app.inject({ url: URLS.arrow, headers: { 'if-match': '"something-else"' } })
  t.equal(failed.statusCode, 412)
  t.match(failed.headers['content-type'], /^application\/problem\+json/)
})

t.test('?bom=1 serves the CSV behind a UTF-8 BOM as a file of its own, made once (with no formula-like cells, byte for byte the CSV after the BOM)', async (t) => {
  const { fx, app } = await stations(t)
  const plain = await app.inject(URLS.csv)
  const bom = await app.inject(`${URLS.csv}?bom=1`)
  t.equal(bom.statusCode, 200)
  t.same(bom.rawPayload, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain.rawPayload]))
  t.equal(bom.headers.etag, `"${sha256(bom.rawPayload)}"`, 'its own strong ETag')
  t.not(bom.headers.etag, plain.headers.etag)
  t.equal(bom.headers['content-length'], String(plain.rawPayload.length + 3))
  const file = path.join(fx.config.dataDir, 'versions', 'stations', '1', 'data.excel.csv')
  const made = fs.statSync(file).mtimeMs
  const again = await app.inject({ url: `${URLS.csv}?bom=1`, headers: { range: 'bytes=0-2' } })
  t.equal(again.statusCode, 206)
  t.same(again.rawPayload, Buffer.from([0xef, 0xbb, 0xbf]))
  t.equal(fs.statSync(file).mtimeMs, made, 'served from the file made the first time')
  t.same(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left')
  t.equal((await app.inject(`${URLS.csv}?bom=0`)).headers.etag, plain.headers.etag)
  for (const url of [`${URLS.arrow}?bom=1`, `${URLS.csv}?bom=2`, `${URLS.csv}?other=1`]) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
  }
})

t.test('old versions are downloadable while kept; pruned ones are gone, unknown ones not found', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  for (const rows of [1, 2, 3, 4]) {
    fx.writeSource('stations.csv', stationsCsv(rows))
    t.equal((await fx.cli('ingest')).code, 0)
  }
  const app = await appFor(t, fx)
  const detail = (await app.inject('/api/v1/datasets/stations')).json()
  t.same(detail.versions.map((v: { version: number }) => v.version), [4, 3, 2])
  const v2 = await app.inject('/api/v1/datasets/stations/versions/2/download.csv')
  t.equal(v2.statusCode, 200)
  t.equal(v2.body.trim().split('\r\n').length, 3, 'version 2 had two rows')
  t.equal(v2.headers['content-disposition']?.toString().includes('stations-v2.csv'), true)
  const cases: Array<[string, number]> = [
    ['/api/v1/datasets/stations/versions/1/download.csv', 410],
    ['/api/v1/datasets/stations/versions/9/download.arrow', 404],
    ['/api/v1/datasets/stations/versions/0/download.csv', 400],
    ['/api/v1/datasets/nope/download.csv', 404],
    ['/api/v1/datasets/nope/versions/1/download.csv.gz', 404],
  ]
  for (const [url, status] of cases) {
    const res = await app.inject(url)
    t.equal(res.statusCode, status, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
})

t.test('HEAD gives the headers of the file without its body', async (t) => {
  const { app } = await stations(t)
  const res = await app.inject({ method: 'HEAD', url: URLS['csv.gz'] })
  t.equal(res.statusCode, 200)
  t.equal(res.rawPayload.length, 0)
  t.equal(res.headers['content-length'], String((await app.inject(URLS['csv.gz'])).rawPayload.length))
  t.match(res.headers.etag, /^"[0-9a-f]{64}"$/)
})
