import { parse } from 'csv-parse/sync'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { stationsCsv } from '../helpers/fixture.ts'
import { ingestTwice, serve, STATION_CHANGES } from './fixture.ts'

/**
 * GET /api/v1/datasets/{id}/versions/{version}/changes (issue 12 §2) over real ingests in both stores:
 * every change exactly once across pages in JSON, CSV and NDJSON, by primary key and by content; the
 * summary; the errors.
 */
interface Change {
  op: string
  key: unknown
  before?: Record<string, unknown>
  after?: Record<string, unknown>
}

/** Every page of a walk in one format, as change objects, with the number of pages. */
async function walk(app: FastifyInstance, url: string, format: 'json' | 'csv' | 'ndjson'): Promise<{ changes: Change[]; pages: number }> {
  const changes: Change[] = []
  let next: string | undefined = `${url}${url.includes('?') ? '&' : '?'}_format=${format}`
  let pages = 0
  while (next) {
    const res: LightMyRequestResponse = await app.inject(next)
    if (res.statusCode !== 200) throw new Error(`${next}: ${res.statusCode} ${res.body}`)
    pages++
    if (format === 'json') changes.push(...(res.json().rows as Change[]))
    if (format === 'ndjson') changes.push(...res.body.split('\n').filter(Boolean).map((line: string) => JSON.parse(line) as Change))
    if (format === 'csv') {
      const records = parse(res.body, { columns: true, cast: false }) as Array<Record<string, string>>
      changes.push(...records.map((r) => csvChange(r)))
    }
    const link = res.headers.link as string | undefined
    next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined
    if (format === 'json') t.equal(res.json().next === null, next === undefined, 'next and the Link header agree')
  }
  return { changes, pages }
}

/** A CSV record as a change: the before./after. columns, empty when the side is absent; numbers stay text. */
function csvChange(record: Record<string, string>): Change {
  const side = (prefix: string): Record<string, string> | undefined => {
    const entries = Object.entries(record).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as const)
    return entries.some(([, v]) => v !== '') ? Object.fromEntries(entries) : undefined
  }
  const before = side('before.')
  const after = side('after.')
  return { op: record.op as string, key: record.key === '' ? null : Number(record.key), ...(before ? { before } : {}), ...(after ? { after } : {}) }
}

const brief = (changes: readonly Change[]): Array<[string, unknown]> => changes.map((c) => [c.op, c.key])

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    const { app } = await ingestTwice(t, kind)

    t.test('by primary key: every change once, in key order, in every format and page size', async (t) => {
      for (const format of ['json', 'csv', 'ndjson'] as const) {
        for (const limit of [1, 5, 100]) {
          const { changes, pages } = await walk(app, `/api/v1/datasets/stations/versions/2/changes?_limit=${limit}`, format)
          t.same(brief(changes), STATION_CHANGES, `${format}, _limit=${limit}`)
          t.equal(pages, Math.max(1, Math.ceil(STATION_CHANGES.length / limit)), `${format}, _limit=${limit}: full pages until the last`)
        }
      }
      const { changes } = await walk(app, '/api/v1/datasets/stations/versions/2/changes', 'json')
      t.match(changes[0], { op: 'removed', key: 3, before: { id: 3, station: '站点3', aqi: 111, open_now: true, pm25: 4.5 } })
      t.notOk('after' in (changes[0] as Change), 'a removed row has no after')
      t.match(changes[2], { op: 'changed', key: 5, before: { aqi: 185, note: '备注5' }, after: { aqi: 499, note: '备注5' } })
      t.match(changes.at(-1), { op: 'added', key: 35, after: { id: 35, built: 1995 } })
      t.notOk('before' in (changes.at(-1) as Change), 'an added row has no before')
      const csv = await walk(app, '/api/v1/datasets/stations/versions/2/changes', 'csv')
      t.match(csv.changes[2], { before: { aqi: '185', open_now: 'true' }, after: { aqi: '499' } }, 'CSV has the same values')
    })

    t.test('the JSON answer carries the summary kept with the version, and says which versions', async (t) => {
      const res = await app.inject('/api/v1/datasets/stations/versions/2/changes?_limit=2')
      const body = res.json()
      t.match(body, { from: 1, to: 2, summary: { from: 1, to: 2, matched_by: 'primary_key', rows: { added: 5, removed: 2, changed: 5, unchanged: 23 }, row_count_delta: 3, fields: [] } })
      t.equal(res.headers['x-dataset-version'], '2')
      t.equal(res.headers['x-changes-from'], '1')
      const detail = (await app.inject('/api/v1/datasets/stations')).json()
      t.same(detail.versions[0].changes, body.summary, 'the same as versions[].changes in the metadata')
      t.equal(detail.versions[0].links.changes, '/api/v1/datasets/stations/versions/2/changes')
      t.notOk('changes' in detail.versions[1], 'the first version has none')
      t.equal((await app.inject('/api/v1/datasets/stations/versions/2/changes?from=1&_limit=2')).body, res.body, 'from=1 names the default')
    })

    t.test('by content: a multiset, removed rows first, then added, every one once in every format', async (t) => {
      const expected = [['removed', { station: 'a', value: 1 }], ['removed', { station: 'c', value: 3 }], ['added', { station: 'b', value: 2 }], ['added', { station: 'd', value: 4 }]]
      for (const format of ['json', 'ndjson'] as const) {
        for (const limit of [1, 3]) {
          const { changes } = await walk(app, `/api/v1/datasets/readings/versions/2/changes?_limit=${limit}`, format)
          t.same(changes.map((c) => [c.op, c.before ?? c.after]), expected, `${format}, _limit=${limit}`)
          t.ok(changes.every((c) => c.key === null), 'no key')
        }
      }
      const { changes } = await walk(app, '/api/v1/datasets/readings/versions/2/changes?_limit=3', 'csv')
      t.same(changes.map((c) => [c.op, c.before ?? c.after]), expected.map(([op, row]) => [op, { station: (row as { station: string }).station, value: String((row as { value: number }).value) }]))
      t.match((await app.inject('/api/v1/datasets/readings/versions/2/changes')).json().summary, { matched_by: 'content', rows: { added: 2, removed: 2, changed: 0, unchanged: 2 } })
    })

    t.test('unknown datasets and versions are 404, a first version has nothing to compare with, bad requests are 400', async (t) => {
      const status = async (url: string): Promise<[number, string]> => {
        const res = await app.inject(url)
        return [res.statusCode, res.json().detail as string]
      }
      t.match(await status('/api/v1/datasets/nothing/versions/2/changes'), [404, /no dataset nothing/])
      t.match(await status('/api/v1/datasets/stations/versions/9/changes'), [404, /has no version 9/])
      t.match(await status('/api/v1/datasets/stations/versions/1/changes'), [404, /its first: there is no earlier version/])
      t.match(await status('/api/v1/datasets/stations/versions/2/changes?from=2'), [400, /^from: must be a version before 2/])
      t.match(await status('/api/v1/datasets/stations/versions/2/changes?from=3'), [400, /^from: must be a version before 2/])
      t.match(await status('/api/v1/datasets/stations/versions/2/changes?from=x'), [400, /^from: expected a version number/])
      t.match(await status('/api/v1/datasets/stations/versions/2/changes?_limit=0'), [400, /^_limit: expected a whole number from 1 to 10000/])
      t.match(await status('/api/v1/datasets/stations/versions/2/changes?_format=arrow'), [400, /^_format: expected one of json, csv, ndjson/])
      t.match(await status('/api/v1/datasets/stations/versions/2/changes?_cursor=garbage'), [400, /^_cursor: not a cursor issued by this API/])
      t.equal((await app.inject('/api/v1/datasets/stations/versions/2/changes?sort=id')).statusCode, 400, 'an unknown parameter')
      const readings = (await app.inject('/api/v1/datasets/readings/versions/2/changes?_limit=1')).json().next as string
      t.match(await status(`/api/v1/datasets/stations/versions/2/changes?_cursor=${readings}`), [400, /^_cursor: belongs to the changes of other versions/], 'another dataset\'s cursor')
      const stations = (await app.inject('/api/v1/datasets/stations/versions/2/changes?_limit=1')).json().next as string
      t.match(await status(`/api/v1/datasets/readings/versions/2/changes?_cursor=${stations}`), [400, /^_cursor: belongs/])
      const tampered = Buffer.from(JSON.stringify([2, JSON.parse(Buffer.from(stations, 'base64url').toString())[1], ['3']])).toString('base64url')
      t.match(await status(`/api/v1/datasets/stations/versions/2/changes?_cursor=${tampered}`), [400, /^_cursor: not a cursor/], 'a text key for an integer key')
    })

    t.test('Accept chooses the format when _format does not', async (t) => {
      const csv = await app.inject({ url: '/api/v1/datasets/stations/versions/2/changes', headers: { accept: 'text/csv' } })
      t.match(csv.headers['content-type'], /^text\/csv/)
      t.match(csv.body, /^op,key,before\.id,/)
      const ndjson = await app.inject({ url: '/api/v1/datasets/stations/versions/2/changes', headers: { accept: 'application/x-ndjson' } })
      t.match(ndjson.headers['content-type'], /^application\/x-ndjson/)
      t.equal(ndjson.body.trim().split('\n').length, STATION_CHANGES.length)
      t.match((await app.inject({ url: '/api/v1/datasets/stations/versions/2/changes?_format=json', headers: { accept: 'text/csv' } })).headers['content-type'], /^application\/json/)
    })
  })
}

for (const kind of STORE_KINDS) {
  t.test(`${kind}: the changes of a version that is gone, or against one, are 410 Gone`, async (t) => {
    const { fx } = await ingestTwice(t, kind, { env: { GONGKAI_KEEP_VERSIONS: '2' } })
    fx.writeSource('stations.csv', stationsCsv(36))
    t.equal((await fx.cli('ingest', 'stations')).code, 0)
    const pruned = (await serve(t, fx)).app
    const problem = async (app: FastifyInstance, url: string): Promise<[number, string, string]> => {
      const res = await app.inject(url)
      return [res.statusCode, res.headers['content-type'] as string, res.json().detail as string]
    }
    t.match(await problem(pruned, '/api/v1/datasets/stations/versions/1/changes'), [410, /^application\/problem\+json/, /version 1 of stations is no longer kept \(kept: 3, 2\)/], 'the version itself was pruned')
    t.match(await problem(pruned, '/api/v1/datasets/stations/versions/2/changes'), [410, /problem/, /version 1 of stations is no longer kept/], 'the version its summary is against was pruned')
    t.match(await problem(pruned, '/api/v1/datasets/stations/versions/2/changes?from=1'), [410, /problem/, /version 1 of stations is no longer kept/])
    t.equal((await pruned.inject('/api/v1/datasets/stations/versions/3/changes')).json().from, 2, 'the newest kept version still compares')

    t.equal((await fx.cli('purge', 'stations', '--version', '2', '--reason', '当事人申请信用修复')).code, 0)
    const purged = (await serve(t, fx)).app
    const gone = await purged.inject('/api/v1/datasets/stations/versions/3/changes')
    t.equal(gone.statusCode, 410)
    t.match(gone.json(), { version: 2, withdrawn_by: 'operator', detail: /version 2 of stations was withdrawn on .*: removed by an operator: 当事人申请信用修复/ }, 'the version compared against was withdrawn, and why')
  })
}
