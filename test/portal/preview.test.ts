/**
 * The dataset page's data preview without JavaScript: the first page of rows, sort links, filters on
 * indexed fields, cursor paging, notices for bad parameters, and nothing server-rendered above grade 1.
 */
import t from 'tap'
import { renderToString } from 'preact-render-to-string'
import { loadPreview } from '../../src/portal/data/preview.ts'
import type { PageContext } from '../../src/portal/context.ts'
import { PreviewSection } from '../../src/portal/pages/dataset/preview.tsx'
import { stationsCsv } from '../helpers/fixture.ts'
import { ATTACKS, makePortal, STATION_ROWS } from '../helpers/portal.ts'

const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
const strip = (s: string): string => decode(s.replace(/<[^>]*>/g, ''))

/** Start tags, reading double-quoted attribute values whole (a '>' inside one is text). */
const startTags = (html: string): string[] => [...html.matchAll(/<[a-z][a-z0-9-]*(?:\s+[^\s=>"/]+(?:="[^"]*")?)*\s*\/?>/g)].map((m) => m[0])
const attributeNames = (tag: string): string[] => [...tag.replace(/="[^"]*"/g, '').matchAll(/\s([^\s=>/]+)/g)].map((m) => (m[1] as string).toLowerCase())

function section(html: string, id: string): string {
  const m = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html)
  return m?.[0] ?? ''
}

/** The preview table as header texts (sort hints left out) and rows of cell texts. */
function previewTable(html: string): { headers: string[]; rows: string[][] } | undefined {
  const table = /<table id="preview-table">([\s\S]*?)<\/table>/.exec(html)?.[1]
  if (!table) return undefined
  const headers = [...(/<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '').matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)]
    .map((m) => strip((m[1] ?? '').replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '').replace(/<span aria-hidden="true">[\s\S]*?<\/span>/g, '').replace(/<span class="muted">[\s\S]*?<\/span>/g, '')))
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? ''
  const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => strip(c[1] ?? '')))
  return { headers, rows }
}

const nextHref = (html: string): string | undefined => {
  const m = /<a rel="next" href="([^"]+)"/.exec(section(html, 'preview'))
  return m ? decode(m[1] as string) : undefined
}

const column = (table: { headers: string[]; rows: string[][] }, title: string): string[] => {
  const i = table.headers.indexOf(title)
  return table.rows.map((r) => r[i] as string)
}

t.test('preview without JavaScript', async (t) => {
  const nulls = 'id: nulls\ntitle: 空值测试\ndescription: nulls\nprovider: { name: 测试局 }\ntheme: 信用服务\nkeywords: [测试]\ngrade: 1\nopen: unconditional\nsource: { path: nulls.csv }\nprimary_key: id\nfields:\n  - { name: id, type: integer, title: 编号 }\n  - { name: flag, type: boolean, title: 标志 }\n  - { name: note, type: string, title: 备注 }\n'
  const { app, store, key, auth, fx } = await makePortal(t, {
    setup: (fx) => {
      fx.writeCatalog('nulls', nulls)
      fx.writeSource('nulls.csv', 'id,flag,note\n1,true,有\n2,false,\n3,,无\n')
    },
  })
  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url, headers })
    t.equal(res.statusCode, 200, `${url} answers 200`)
    return res.body
  }

  t.test('the first page of the current version', async (t) => {
    const html = await page('/datasets/stations')
    const table = previewTable(html)
    t.ok(table, 'table#preview-table is rendered')
    t.same(table!.headers.slice(0, 4), ['编号', '站点', '空气质量指数', 'PM2.5'], 'column headers are the field titles')
    t.match(html, /<a class="sort" data-field="pm25" href="\/datasets\/stations\?sort=pm25#preview" aria-label="PM2.5 \(μg\/m³\)，点击按升序排列">/, 'sort links say what they do')
    t.equal(table!.rows.length, 20, 'twenty rows')
    t.same(column(table!, '编号'), Array.from({ length: 20 }, (_, i) => String(i + 1)), 'in primary-key order')
    t.same(column(table!, '是否运行').slice(0, 2), ['是', '否'], 'booleans in words')
    t.match(html, /<th scope="col"/, 'headers are column headers')
    t.match(html, /<caption>数据预览（第 1 版）<\/caption>/)
    t.match(html, /<div class="table-wrap"><table id="preview-table">/, 'the table scrolls in its own wrapper')
    t.match(section(html, 'preview'), new RegExp(`共 ${STATION_ROWS} 行，本页显示 20 行`), 'row counts')
    t.match(html, /<form id="preview-filter" method="get" action="\/datasets\/stations#preview">/)
    t.match(html, /<label for="preview-f-station">站点<\/label><input id="preview-f-station" name="f.station"/, 'a labelled input per indexed field')
    t.match(html, /name="f.day"[^>]*type="date"/, 'dates get a date input')
    t.notMatch(html, /name="f.aqi"/, 'no input for a field without an index')
    t.notMatch(section(html, 'preview'), /class="first"/, 'no way back on the first page')
  })

  t.test('English page', async (t) => {
    const html = await page('/datasets/stations?lang=en')
    t.match(section(html, 'preview'), /<h2 id="preview-heading">Data preview<\/h2>/)
    t.same(column(previewTable(html)!, '是否运行').slice(0, 2), ['yes', 'no'])
    t.match(nextHref(html), /lang=en/, 'paging keeps the chosen language')
  })

  t.test('sort links', async (t) => {
    const first = await page('/datasets/stations')
    const aqiLink = /<a class="sort" data-field="aqi" href="([^"]+)"/.exec(first)?.[1]
    t.equal(aqiLink, '/datasets/stations?sort=aqi#preview', 'an unsorted column sorts ascending')
    const ascending = await page(decode(aqiLink!))
    t.match(ascending, /<th scope="col" aria-sort="ascending"><a class="sort" data-field="aqi" href="\/datasets\/stations\?sort=-aqi#preview"/, 'the sorted column says so and toggles to descending')
    const asc = column(previewTable(ascending)!, '空气质量指数').map(Number)
    t.same(asc, [...asc].sort((a, b) => a - b), 'ascending order')
    const html = await page('/datasets/stations?sort=-aqi')
    const desc = column(previewTable(html)!, '空气质量指数').map(Number)
    t.same(desc, [...desc].sort((a, b) => b - a), 'descending order')
    const all = Array.from({ length: STATION_ROWS }, (_, i) => ((i + 1) * 37) % 300).sort((a, b) => b - a)
    t.equal(desc[0], all[0], 'starts with the largest value of the dataset')
    t.match(html, /aria-sort="descending"/)
    t.match(html, /按“空气质量指数”降序排列/, 'the caption names the order')
  })

  t.test('filters on indexed fields', async (t) => {
    const html = await page(`/datasets/stations?${new URLSearchParams({ 'f.station': '站点3', 'f.day': '', sort: '-aqi' })}`)
    const table = previewTable(html)!
    const expected = Array.from({ length: STATION_ROWS }, (_, i) => i + 1).filter((i) => i % 7 === 3).length
    t.equal(table.rows.length, expected, 'only the matching rows (fewer than a page)')
    t.ok(column(table, '站点').every((s) => s === '站点3'), 'every row matches')
    t.match(section(html, 'preview'), new RegExp(`符合筛选条件的共 ${expected} 行（数据集共 ${STATION_ROWS} 行）`), 'the matching total and the dataset total')
    t.match(html, /id="preview-f-station" name="f.station" value="站点3"/, 'the form shows the filter')
    t.match(html, /<input type="hidden" name="sort" value="-aqi"\/>/, 'the form keeps the sort')
    t.match(section(html, 'preview'), /<a href="\/datasets\/stations\?sort=-aqi#preview">清除筛选<\/a>/, 'clear link keeps the sort, drops filters')
    const api = await app.inject({ url: `/api/v1/datasets/stations/rows?${new URLSearchParams({ station: '站点3', _count: 'exact' })}` })
    t.equal(api.json().total, expected, 'the same count as the API')
  })

  t.test('no rows match', async (t) => {
    const html = await page(`/datasets/stations?${new URLSearchParams({ 'f.station': '没有这个站点' })}`)
    t.notOk(previewTable(html), 'no table')
    t.match(html, /<p class="notice" id="preview-empty">没有符合筛选条件的行。 <a href="\/datasets\/stations#preview">清除筛选<\/a><\/p>/)
  })

  t.test('rel=next walks every row exactly once', async (t) => {
    for (const start of ['/datasets/stations', '/datasets/stations?sort=-aqi', `/datasets/stations?${new URLSearchParams({ sort: 'day', 'f.station': '站点1' })}`]) {
      const seen: string[] = []
      let url: string | undefined = start
      let pages = 0
      while (url && pages < 20) {
        const html = await page(url)
        const table = previewTable(html)!
        seen.push(...column(table, '编号'))
        if (pages > 0) t.match(section(html, 'preview'), /<a class="first" href="[^"]+">回到第一页<\/a>/, 'later pages link back to the first')
        url = nextHref(html)
        if (url) t.match(url, /#preview$/, 'next link lands on the preview')
        pages++
      }
      const expected = start.includes('f.station') ? Array.from({ length: STATION_ROWS }, (_, i) => i + 1).filter((i) => i % 7 === 1).length : STATION_ROWS
      t.equal(seen.length, expected, `${start}: ${expected} rows in all`)
      t.equal(new Set(seen).size, expected, `${start}: each row once`)
    }
  })

  t.test('bad parameters are a notice in the section, not an error page', async (t) => {
    const cases: Array<[string, RegExp]> = [
      ['sort=nope', /<code>sort<\/code>: unknown field &quot;nope&quot;/],
      ['f.day=not-a-date', /<code>f.day<\/code>: expected a date/],
      ['f.aqi=3', /<code>f.aqi<\/code>: &quot;aqi&quot; is not an indexed field/],
      ['f.ghost=3', /<code>f.ghost<\/code>: unknown field &quot;ghost&quot;/],
      ['cursor=garbage', /<code>cursor<\/code>: not a page link of this preview/],
    ]
    for (const [query, message] of cases) {
      const html = await page(`/datasets/stations?${query}`)
      const preview = section(html, 'preview')
      t.match(preview, /<div class="notice notice-warn" id="preview-notice" role="alert">/, `${query}: notice`)
      t.match(preview, message, `${query}: says what is wrong`)
      t.notOk(previewTable(html), `${query}: no table`)
      t.match(preview, /<a href="\/datasets\/stations#preview">从第一页重新开始/, `${query}: a way out`)
      t.match(html, /<section id="chart"/, `${query}: the rest of the page renders`)
    }
    const sorted = await page('/datasets/stations?sort=aqi')
    const cursor = new URL(nextHref(sorted)!, 'http://x').searchParams.get('cursor')!
    const other = await page(`/datasets/stations?sort=-aqi&cursor=${cursor}`)
    t.match(section(other, 'preview'), /belongs to another sort or filter/, 'a cursor of another sort')
  })

  t.test('nulls and booleans', async (t) => {
    const html = await page('/datasets/nulls')
    const table = previewTable(html)!
    t.same(column(table, '标志'), ['是', '否', '—'], 'booleans in words, null a dash')
    t.match(html, /<td class="null"><span class="muted" role="img" aria-label="空值">—<\/span><\/td>/, 'the dash is named for screen readers')
    t.match(html, /<td data-type="integer">1<\/td>/, 'numbers are marked for alignment')
  })

  t.test('grade 2 and conditional data are not rendered on the server', async (t) => {
    const { token } = await key()
    for (const id of ['g2', 'g2c', 'g3']) {
      // even a page request that carries a key renders anonymously: pages may be cached publicly
      const html = await page(`/datasets/${id}`, auth(token))
      const preview = section(html, 'preview')
      t.notOk(previewTable(html), `${id}: no table`)
      t.notMatch(preview, /区1|<td[ >]/, `${id}: no cell value`)
      t.match(preview, id === 'g2' ? /预览需要 API Key。/ : /需获批准/, `${id}: says what it takes`)
      t.match(preview, /<div id="preview-client" class="js-only" hidden>/, `${id}: a place for the script`)
      t.match(preview, new RegExp(`data-dataset="${id}" data-access="${id === 'g2' ? 'any-key' : 'granted-key'}"`), `${id}: data for the script`)
      t.match(preview, /data-fields="\[\{&quot;name&quot;:&quot;record_id&quot;/, `${id}: the fields for the script`)
    }
  })

  t.test('closed data', async (t) => {
    const html = await page('/datasets/g4')
    t.notOk(previewTable(html), 'no table on the page')
    const dataset = (await store.getDataset('g4'))!
    const model = await loadPreview(app, {} as never, dataset, {})
    t.equal(model.kind, 'closed', 'the loader reads nothing')
    const ctx = { lang: 'zh', t: (x: { zh: string }) => x.zh, link: (p: string) => p } as unknown as PageContext
    /** Start tags, reading double-quoted attribute values whole (a '>' inside one is text). */
const startTags = (html: string): string[] => [...html.matchAll(/<[a-z][a-z0-9-]*(?:\s+[^\s=>"/]+(?:="[^"]*")?)*\s*\/?>/g)].map((m) => m[0])
const attributeNames = (tag: string): string[] => [...tag.replace(/="[^"]*"/g, '').matchAll(/\s([^\s=>/]+)/g)].map((m) => (m[1] as string).toLowerCase())
const section = renderToString(PreviewSection({ ctx, dataset, preview: model }))
    t.match(section, /<p class="notice">该数据集不予开放，没有可预览的数据/, 'the section says why')
    t.notMatch(section, /<table/)
  })

  t.test('hostile cells are escaped', async (t) => {
    const html = await page('/datasets/hostile')
    const table = previewTable(html)!
    t.same(table.rows.map((r) => r[0]), ['1', '2', '3', '4'])
    const preview = section(html, 'preview')
    for (const attack of ATTACKS.slice(0, 3)) t.notOk(preview.includes(attack), `not raw: ${attack}`)
    // a quote in a text node is harmless: attributes are double-quoted and their quotes escaped
    const tags = startTags(preview)
    t.ok(tags.length > 30, `the section parses as tags (${tags.length})`)
    t.same(tags.filter((tag) => attributeNames(tag).some((name) => name.startsWith('on'))), [], 'no tag carries an event handler')
    t.same(tags.filter((tag) => /^<(script|img|svg)/.test(tag)), [], 'no script, img or svg element')
    t.match(html, /<td data-type="string">&lt;script>window.__pwned=1&lt;\/script><\/td>/, 'the script cell is text')
    t.same(table.rows.map((r) => r[1]), [...ATTACKS], 'each attack shown as the text it is')
  })
  // last: it publishes a new version of stations
  t.test('a page link from before a new version starts again', async (t) => {
    const before = nextHref(await page('/datasets/stations'))!
    fx.writeSource('stations.csv', stationsCsv(STATION_ROWS + 1))
    const ingest = await fx.cli('ingest')
    t.equal(ingest.code, 0, ingest.stderr)
    const html = await page(before)
    t.match(section(html, 'preview'), /<code>cursor<\/code>: this page link belongs to version 1; version 2 has been published since/, 'says why')
    t.notOk(previewTable(html), 'no rows from a mixture of versions')
    const fresh = await page('/datasets/stations')
    t.match(section(fresh, 'preview'), new RegExp(`共 ${STATION_ROWS + 1} 行`), 'the first page is the new version')
    t.match(fresh, /<caption>数据预览（第 2 版）<\/caption>/)
  })
})
