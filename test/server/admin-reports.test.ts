/**
 * GET /api/v1/admin/reports[/{dataset}]: the ingest reports SPEC §5 promises, for admins only, newest
 * first, paged; and `on_error: skip` rejections shown by the CLI. Neither ever shows a raw identifier.
 */
import t from 'tap'
import { makePlatform } from '../helpers/access-platform.ts'

// valid check digits (ISO 7064 MOD 11-2): the vectors of SPEC §4.2
const ID_A = '11010519491231002X'
const ID_B = '440524188001010014'
const MOBILE = '13812345678'

const PEOPLE = `id: people
title: 人员名单
provider: { name: 测试单位 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: people.csv, on_error: skip }
primary_key: n
fields:
  - { name: n, type: integer, title: 序号 }
  - { name: id_number, type: string, title: 身份证号, pii: id_card, rule: hash, constraints: { pattern: '^[0-9]{17}[0-9X]$' } }
  - { name: mobile, type: string, title: 手机, pii: mobile, rule: mask, constraints: { maxLength: 11 } }
  - { name: remark, type: string, title: 备注, rule: redact }
  - { name: score, type: integer, title: 分数 }
`

/** Rows 1–4 are valid; the 15 after them each fail on a value holding an identifier (or on a bare number). */
function peopleCsv(extraValid = 0): string {
  const lines = ['n,id_number,mobile,remark,score']
  for (let i = 1; i <= 4 + extraValid; i++) lines.push(`${i},${ID_B},${MOBILE},无,${i}`)
  for (let i = 0; i < 15; i++) {
    const n = 100 + i
    if (i % 3 === 0) lines.push(`${n},${ID_A}1,${MOBILE},无,1`)
    else if (i % 3 === 1) lines.push(`${n},${ID_B},${MOBILE}99,无,1`)
    else lines.push(`${n},${ID_B},${MOBILE},无,手机${MOBILE}`)
  }
  return `${lines.join('\n')}\n`
}

const RAW = [ID_A, ID_B, MOBILE, ID_A.slice(0, 10), MOBILE.slice(3)]

t.test('skipped rows are printed by the CLI and served in the report, masked', async (t) => {
  const p = await makePlatform(t)
  p.fx.writeCatalog('people', PEOPLE)
  p.fx.writeSource('people.csv', peopleCsv())
  const run = await p.fx.cli('ingest', 'people')
  t.equal(run.code, 0, run.stderr)
  const lines = run.stdout.split('\n')
  t.match(lines[0], /^people: published version 1: 4 of 19 rows, 15 rejected, /)
  t.match(lines[1], /^ {2}rejected row 5 \(line 6\), field "id_number": does not match the pattern .*: "1\*+1"$/, 'the value masked as an ID number')
  t.match(lines[2], /^ {2}rejected row 6 \(line 7\), field "mobile": /)
  t.match(lines[3], /^ {2}rejected row 7 \(line 8\), field "score": expected an integer, got "手机138\*{4}5678"$/, 'an identifier in another field redacted')
  t.equal(lines.length, 12, 'the summary, the first 10 rejections and where the rest are')
  t.equal(lines[11], '  … and 5 more (see the report: GET /api/v1/admin/reports/people)')
  for (const raw of RAW) t.notOk(`${run.stdout}\n${run.stderr}`.includes(raw), `the CLI never prints ${raw.slice(0, 4)}…`)

  const admin = await p.key('admin')
  const res = await p.app.inject({ url: '/api/v1/admin/reports/people', headers: p.auth(admin.token) })
  t.equal(res.statusCode, 200, res.body)
  const { items, next } = res.json()
  t.equal(next, null)
  t.equal(items.length, 1)
  const [report] = items
  t.match(report, {
    dataset: 'people', status: 'published', version: 1, source: /people\.csv$/, error: null,
    encoding: { encoding: 'utf-8', bom: false },
    rows: { read: 19, published: 4, rejected: 15, suppressed: 0 },
    fields: [{ name: 'n', type: 'integer', pii: null, rule: 'keep', published: true }, { name: 'id_number', pii: 'id_card', rule: 'hash' }],
    leak_guard: { rows_scanned: 4 },
    timings: { total_ms: Number },
  })
  t.equal(report.rejections.length, 15, 'every rejection (up to 100) is in the report')
  t.match(report.rejections[2], { row: 7, line: 8, field: 'score', reason: /138\*{4}5678/ })
  t.same(report.files.map((f: { format: string }) => f.format).sort(), ['arrow', 'csv', 'csv.gz'])
  for (const raw of RAW) t.notOk(res.body.includes(raw), `the report never shows ${raw.slice(0, 4)}…`)
})

t.test('reports are newest first, paged by cursor, for one dataset or all; admins only', async (t) => {
  const p = await makePlatform(t)
  p.fx.writeCatalog('people', PEOPLE)
  for (let extra = 0; extra < 3; extra++) {
    p.fx.writeSource('people.csv', peopleCsv(extra))
    t.equal((await p.fx.cli('ingest', 'people')).code, 0)
  }
  const admin = p.auth((await p.key('admin')).token)
  const get = async (url: string) => (await p.app.inject({ url, headers: admin })).json()

  const seen: Array<{ id: number; version: number }> = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = await get(`/api/v1/admin/reports/people?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...page.items)
    cursor = page.next
    pages++
  } while (cursor && pages < 10)
  t.equal(pages, 2)
  t.same(seen.map((r) => r.version), [3, 2, 1], 'newest first, each once')

  const all = await get('/api/v1/admin/reports?limit=100')
  t.same(all.items.map((r: { dataset: string }) => r.dataset), ['people', 'people', 'people', 'g3', 'g2c', 'g2', 'g1'], 'every dataset, newest first')
  t.equal(all.next, null)
  t.same((await get('/api/v1/admin/reports/g1')).items.map((r: { dataset: string }) => r.dataset), ['g1'])
  t.same((await get('/api/v1/admin/reports/g4')).items, [], 'a dataset never ingested (closed) has none')

  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['/api/v1/admin/reports/nowhere', admin, 404, /no dataset "nowhere"/],
    ['/api/v1/admin/reports/Bad_Id', admin, 400, /dataset/],
    ['/api/v1/admin/reports?limit=0', admin, 400, /limit/],
    ['/api/v1/admin/reports?limit=101', admin, 400, /limit/],
    ['/api/v1/admin/reports?cursor=YTox', admin, 400, /cursor: not a cursor issued by this API/],
    ['/api/v1/admin/reports?colour=red', admin, 400, /colour/],
    ['/api/v1/admin/reports/people', {}, 401, /./],
    ['/api/v1/admin/reports/people', p.auth((await p.key('partner')).token), 403, /./],
    ['/api/v1/admin/reports', p.auth((await p.key('registered')).token), 403, /./],
  ]
  for (const [url, headers, status, detail] of cases) {
    const res = await p.app.inject({ url, headers })
    t.equal(res.statusCode, status, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
    t.match(res.json().detail, detail, url)
  }
})
