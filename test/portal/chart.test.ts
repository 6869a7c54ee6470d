/**
 * The chart builder without JavaScript: the form, the aggregate as a table (the chart's accessible
 * alternative) with the same figures as the API's /aggregate, the canvas's data for the script, and
 * notices for bad choices; nothing server-rendered above grade 1.
 */
import t from 'tap'
import { ATTACKS, makePortal } from '../helpers/portal.ts'

const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
const strip = (s: string): string => decode(s.replace(/<span class="muted" aria-hidden="true">—<\/span>/g, '').replace(/<[^>]*>/g, ''))
/** Start tags, reading double-quoted attribute values whole (a '>' inside one is text). */
const startTags = (html: string): string[] => [...html.matchAll(/<[a-z][a-z0-9-]*(?:\s+[^\s=>"/]+(?:="[^"]*")?)*\s*\/?>/g)].map((m) => m[0])
const attributeNames = (tag: string): string[] => [...tag.replace(/="[^"]*"/g, '').matchAll(/\s([^\s=>/]+)/g)].map((m) => (m[1] as string).toLowerCase())
const section = (html: string, id: string): string => new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? ''

/** table#chart-table as [group, value] texts. */
function chartTable(html: string): Array<[string, string]> | undefined {
  const table = /<table id="chart-table">([\s\S]*?)<\/table>/.exec(html)?.[1]
  if (!table) return undefined
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? ''
  return [...body.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th><td[^>]*>([\s\S]*?)<\/td><\/tr>/g)].map((m) => [strip(m[1] ?? ''), strip(m[2] ?? '')])
}

function options(html: string, id: string): Array<{ value: string; text: string; selected: boolean }> {
  const select = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? ''
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>([\s\S]*?)<\/option>/g)].map((m) => ({ value: decode(m[1] ?? ''), selected: m[2] !== undefined, text: strip(m[3] ?? '') }))
}

t.test('chart builder without JavaScript', async (t) => {
  const { app, key, auth } = await makePortal(t)
  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ url, headers })
    t.equal(res.statusCode, 200, `${url} answers 200`)
    return res.body
  }
  const aggregate = async (params: Record<string, string>) => {
    const res = await app.inject({ url: `/api/v1/datasets/stations/aggregate?${new URLSearchParams(params)}` })
    t.equal(res.statusCode, 200)
    return res.json() as { groups: Array<Record<string, unknown>>; truncated: boolean }
  }

  t.test('the form before a chart is asked for', async (t) => {
    const html = await page('/datasets/stations')
    const chart = section(html, 'chart')
    t.match(chart, /<form id="chart-form" method="get" action="\/datasets\/stations#chart">/)
    t.match(chart, /<label for="chart-group">分组字段<\/label>/, 'labelled')
    t.match(chart, /<label for="chart-measure">统计方式<\/label>/)
    t.match(chart, /<label for="chart-type">图表类型<\/label>/)
    t.match(chart, /<button type="submit">生成图表<\/button>/)
    const groups = options(chart, 'chart-group')
    t.same(groups.map((o) => o.value), ['station', 'aqi', 'open_now', 'day', 'built', 'note'], 'text, integer, boolean, date and year fields; not the key, numbers or datetimes')
    t.same(groups.filter((o) => o.selected).map((o) => o.value), ['station'], 'the first indexed text field by default')
    const measures = options(chart, 'chart-measure').map((o) => o.value)
    t.same(measures, ['count', 'sum:aqi', 'avg:aqi', 'min:aqi', 'max:aqi', 'sum:pm25', 'avg:pm25', 'min:pm25', 'max:pm25'])
    t.same(options(chart, 'chart-measure')[1]?.text, '合计：空气质量指数')
    t.same(options(chart, 'chart-type').map((o) => o.value), ['bar', 'line', 'pie'])
    t.notOk(chartTable(html), 'no table before a chart is asked for')
    t.match(chart, /<div id="chart-canvas" class="chart-canvas" hidden><\/div>/, 'an empty canvas for the script')
  })

  t.test('count by station: the same figures as /aggregate, largest first', async (t) => {
    const html = await page('/datasets/stations?group=station&measure=count&chart=pie')
    const rows = chartTable(html)!
    t.ok(rows, 'table#chart-table')
    const api = await aggregate({ _group_by: 'station', _agg: 'count' })
    t.same(Object.fromEntries(rows), Object.fromEntries(api.groups.map((g) => [g.station, String(g.count)])), 'every group and count as the API has them')
    const counts = rows.map(([, v]) => Number(v))
    t.same(counts, [...counts].sort((a, b) => b - a), 'sorted by size')
    t.match(html, /<caption>按“站点”分组的行数（7 组）<\/caption>/)
    t.match(html, /<details id="chart-details" open><summary>/, 'the table is open by default')
    const canvas = /<div id="chart-canvas"([^>]*)><\/div>/.exec(html)?.[1] ?? ''
    t.match(canvas, /role="img"/)
    t.match(canvas, /aria-label="饼图：按“站点”分组的行数（7 组）。/, 'the canvas is described')
    t.match(canvas, /data-chart="pie"/)
    const data = JSON.parse(decode(/data-groups="([^"]*)"/.exec(canvas)?.[1] ?? '[]')) as Array<[string, number]>
    t.same(data, rows.map(([k, v]) => [k, Number(v)]), 'the canvas carries the table\'s figures')
    t.same(options(html, 'chart-type').filter((o) => o.selected).map((o) => o.value), ['pie'], 'the form shows the choice')
  })

  t.test('average by day: a time line in order', async (t) => {
    const html = await page('/datasets/stations?group=day&measure=avg:aqi&chart=line')
    const rows = chartTable(html)!
    const api = await aggregate({ _group_by: 'day', _agg: 'avg:aqi' })
    t.equal(rows.length, api.groups.length)
    t.same(rows.map(([k]) => k), [...rows.map(([k]) => k)].sort(), 'in date order')
    for (const g of api.groups) {
      const shown = rows.find(([k]) => k === g.day)
      t.ok(shown && Math.abs(Number(shown[1]) - (g.avg_aqi as number)) < 0.01, `${String(g.day)}: the API's average`)
    }
    t.match(html, /<th scope="col">平均：空气质量指数<\/th>/)
  })

  t.test('booleans in words', async (t) => {
    const rows = chartTable(await page('/datasets/stations?group=open_now&measure=sum:pm25'))!
    t.same(rows.map(([k]) => k).sort(), ['否', '是'])
  })

  t.test('the chart follows the preview filters, and both keep each other\'s state', async (t) => {
    const html = await page(`/datasets/stations?${new URLSearchParams({ 'f.station': '站点3', sort: '-aqi', group: 'day', measure: 'count' })}`)
    const rows = chartTable(html)!
    t.equal(rows.reduce((n, [, v]) => n + Number(v), 0), 17, 'only the filtered rows are counted')
    t.match(html, /，仅统计符合预览筛选条件的行<\/caption>/, 'the caption says so')
    const form = /<form id="chart-form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? ''
    t.match(form, /<input type="hidden" name="f.station" value="站点3"\/>/, 'chart form keeps the filter')
    t.match(form, /<input type="hidden" name="sort" value="-aqi"\/>/, 'and the sort')
    const filter = /<form id="preview-filter"[\s\S]*?<\/form>/.exec(html)?.[0] ?? ''
    t.match(filter, /<input type="hidden" name="group" value="day"\/>/, 'the filter form keeps the chart')
    t.match(section(html, 'preview'), /data-field="aqi" href="[^"]*group=day[^"]*#preview"/, 'sort links keep the chart')
  })

  t.test('bad choices are a notice', async (t) => {
    for (const [query, message] of [
      ['group=ghost', /<code>group<\/code>: cannot group by &quot;ghost&quot;/],
      ['group=id', /<code>group<\/code>: cannot group by &quot;id&quot;/],
      ['group=station&measure=sum:station', /<code>measure<\/code>: unknown measure &quot;sum:station&quot;/],
      ['group=station&chart=radar', /<code>chart<\/code>: unknown chart type &quot;radar&quot;; expected bar, line or pie/],
    ] as const) {
      const html = await page(`/datasets/stations?${query}`)
      t.match(section(html, 'chart'), /<div class="notice notice-warn" id="chart-notice" role="alert">/, `${query}: notice`)
      t.match(section(html, 'chart'), message, `${query}: says what is wrong`)
      t.notOk(chartTable(html), `${query}: no table`)
      t.match(html, /<table id="preview-table">/, `${query}: the preview still renders`)
    }
  })

  t.test('grade 2: the form, no figures', async (t) => {
    const { token } = await key()
    const html = await page('/datasets/g2?group=district&measure=count', auth(token))
    const chart = section(html, 'chart')
    t.match(chart, /<form id="chart-form"/)
    t.match(chart, /需要 API Key/)
    t.notOk(chartTable(html), 'no table')
    t.notMatch(chart, /区1/, 'no group value')
    t.match(chart, /data-dataset="g2" data-access="any-key"/, 'data for the script')
  })

  t.test('hostile group values are escaped', async (t) => {
    const html = await page('/datasets/hostile?group=label&measure=sum:amount')
    const rows = chartTable(html)!
    t.same(rows.map(([k]) => k).sort(), [...ATTACKS].sort(), 'each attack shown as its text')
    const chart = section(html, 'chart')
    for (const attack of ATTACKS.slice(0, 3)) t.notOk(chart.includes(attack), `not raw: ${attack}`)
    const tags = startTags(chart)
    t.ok(tags.length > 20, 'the section parses as tags')
    t.same(tags.filter((tag) => attributeNames(tag).some((name) => name.startsWith('on'))), [], 'no tag carries an event handler')
    t.same(tags.filter((tag) => /^<(script|img|svg)/.test(tag)), [], 'no script, img or svg element')
  })
})
