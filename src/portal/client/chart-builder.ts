/**
 * The chart builder's script: draws the chart the server computed (div#chart-canvas carries the
 * groups), and on submit fetches /aggregate itself (with the saved key for grade 2 and 3 data),
 * rebuilds table#chart-table — the chart's accessible alternative — with DOM methods, keeps the URL
 * in step with history.replaceState, and draws. ECharts comes in with chart-render.ts, imported
 * only when there is something to draw.
 */
import { element, replaceContent } from './account-dom.ts'
import { apiFetch, problemDetail, savedKey } from './key-store.ts'
import { aggregateParams, CHART_GROUP_LIMIT, cellText, measureColumn, NULL_WORD, type ChartType } from './page-params.ts'
import type { ChartSpec } from './chart-render.ts'

const lang: 'zh' | 'en' = document.documentElement.lang.startsWith('en') ? 'en' : 'zh'
const TEXT = {
  loading: { zh: '正在计算…', en: 'Computing…' },
  done: { zh: '图表已更新：{caption}', en: 'Chart updated: {caption}' },
  needKey: { zh: '该数据集的图表需要 API Key：请先在“我的账户”页面保存 API Key。', en: 'Charting this dataset needs an API key: save one on the account page first.' },
  refused: { zh: 'API 拒绝了请求：', en: 'The API refused the request: ' },
  failed: { zh: '无法生成图表：', en: 'The chart could not be computed: ' },
  drawFailed: { zh: '图表无法绘制，请查看下方表格。', en: 'The chart could not be drawn; the table below has the figures.' },
  caption: { zh: '按“{group}”分组的{measure}（{count} 组）', en: '{measure} by “{group}” ({count} groups)' },
  captionFiltered: { zh: '，仅统计符合预览筛选条件的行', en: ', rows matching the preview filters only' },
  truncated: { zh: '分组多于 {limit} 个，只列出前 {limit} 个。', en: 'There are more than {limit} groups; only the first {limit} are listed.' },
  empty: { zh: '没有可统计的行。', en: 'There are no rows to chart.' },
  tableSummary: { zh: '图表数据（表格）', en: 'Chart data (table)' },
  ariaLabel: { zh: '{type}：{caption}。最大：{top}。具体数值见下方表格。', en: '{type}: {caption}. Largest: {top}. The table below lists every value.' },
  bar: { zh: '柱状图', en: 'Bar chart' },
  line: { zh: '折线图', en: 'Line chart' },
  pie: { zh: '饼图', en: 'Pie chart' },
} as const

const say = (text: { zh: string; en: string }, values: Record<string, string | number> = {}): string =>
  text[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))

const rounded = (value: number): number => (Number.isInteger(value) ? value : Math.round(value * 100) / 100)

interface GroupField { name: string; type: string; title: string }
interface Measure { value: string; label: string }

async function draw(canvas: HTMLElement, status: HTMLElement | null): Promise<void> {
  const groups = JSON.parse(canvas.dataset.groups ?? '[]') as ChartSpec['groups']
  if (groups.length === 0) return
  const spec: ChartSpec = {
    type: (canvas.dataset.chart as ChartType | undefined) ?? 'bar',
    groups,
    groupLabel: canvas.dataset.groupLabel ?? '',
    measureLabel: canvas.dataset.measureLabel ?? '',
  }
  try {
    const { renderChart } = await import('./chart-render.ts')
    renderChart(canvas, spec)
  } catch (error) {
    console.warn('chart not drawn', error)
    if (status) replaceContent(status, say(TEXT.drawFailed))
  }
}

function start(section: HTMLElement): void {
  const form = document.getElementById('chart-form') as HTMLFormElement | null
  const canvas = document.getElementById('chart-canvas')
  const status = document.getElementById('chart-status')
  const id = section.dataset.dataset
  if (!form || !canvas || !status || !id) return
  const groupFields = JSON.parse(section.dataset.groups ?? '[]') as GroupField[]
  const measures = JSON.parse(section.dataset.measures ?? '[]') as Measure[]
  const access = section.dataset.access

  if (canvas.dataset.groups) void draw(canvas, status)

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (access !== 'anyone' && !savedKey()) {
      replaceContent(status, element('span', { class: 'notice notice-warn' }, say(TEXT.needKey)))
      return
    }
    void build(new FormData(form))
  })

  async function build(data: FormData): Promise<void> {
    const group = String(data.get('group') ?? '')
    const measure = String(data.get('measure') ?? 'count')
    const type = String(data.get('chart') ?? 'bar') as ChartType
    const field = groupFields.find((f) => f.name === group)
    if (!field) return
    const filters: Array<[string, string]> = []
    for (const [name, value] of data) {
      if (typeof value === 'string' && name.startsWith('f.') && value.trim() !== '') filters.push([name.slice(2), value.trim()])
    }
    replaceContent(status!, say(TEXT.loading))
    let response: Response
    try {
      response = await apiFetch(`/api/v1/datasets/${encodeURIComponent(id!)}/aggregate?${new URLSearchParams(aggregateParams(group, field.type, measure, filters))}`)
    } catch (error) {
      replaceContent(status!, say(TEXT.failed), String(error))
      return
    }
    if (!response.ok) {
      const detail = await problemDetail(response)
      replaceContent(status!, element('span', { class: 'notice notice-warn' }, response.status === 401 || response.status === 403 ? say(TEXT.refused) : say(TEXT.failed), detail))
      return
    }
    const answer = (await response.json()) as { groups: Array<Record<string, unknown>>; truncated: boolean }
    const column = measureColumn(measure)
    const groups: ChartSpec['groups'] = answer.groups.map((g) => {
      const value = g[column]
      return [cellText(g[group], lang) ?? `(${NULL_WORD[lang]})`, typeof value === 'number' ? rounded(value) : null]
    })
    const measureLabel = measures.find((m) => m.value === measure)?.label ?? measure
    const caption = say(TEXT.caption, { group: field.title, measure: measureLabel, count: groups.length }) + (filters.length ? say(TEXT.captionFiltered) : '')
    showTable(groups, field.title, measureLabel, caption, answer.truncated)
    const top = groups.reduce<[string, number | null] | undefined>((best, g) => (!best || (g[1] ?? -Infinity) > (best[1] ?? -Infinity) ? g : best), undefined)
    canvas!.dataset.chart = type
    canvas!.dataset.groups = JSON.stringify(groups)
    canvas!.dataset.groupLabel = field.title
    canvas!.dataset.measureLabel = measureLabel
    if (groups.length) {
      canvas!.setAttribute('role', 'img')
      canvas!.setAttribute('aria-label', say(TEXT.ariaLabel, { type: say(TEXT[type]), caption, top: top ? `${top[0]} ${top[1] ?? ''}` : '' }))
    } else {
      canvas!.hidden = true
    }
    // the page's own URL for this state: reloading or sharing it shows the same chart without JavaScript
    const params = new URLSearchParams()
    for (const [name, value] of data) if (typeof value === 'string' && value !== '') params.append(name, value)
    history.replaceState(history.state, '', `${location.pathname}?${params}#chart`)
    replaceContent(status!, say(TEXT.done, { caption }))
    if (groups.length) await draw(canvas!, status)
  }

  function showTable(groups: ChartSpec['groups'], groupTitle: string, measureLabel: string, caption: string, truncated: boolean): void {
    document.getElementById('chart-notice')?.remove()
    document.getElementById('chart-empty')?.remove()
    let details = document.getElementById('chart-details')
    if (!details) {
      details = element('details', { id: 'chart-details', open: '' })
      canvas!.after(details)
    }
    if (groups.length === 0) {
      replaceContent(details)
      details.hidden = true
      details.after(element('p', { class: 'notice', id: 'chart-empty' }, say(TEXT.empty)))
      return
    }
    details.hidden = false
    const body = element('tbody')
    for (const [label, value] of groups) {
      body.append(element('tr', {}, element('th', { scope: 'row' }, label), value === null
        ? element('td', { class: 'null' }, element('span', { class: 'muted', role: 'img', 'aria-label': NULL_WORD[lang] }, '—'))
        : element('td', { 'data-type': 'number' }, String(value))))
    }
    replaceContent(details,
      element('summary', {}, say(TEXT.tableSummary)),
      element('div', { class: 'table-wrap' }, element('table', { id: 'chart-table' },
        element('caption', {}, caption),
        element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, groupTitle), element('th', { scope: 'col' }, measureLabel))),
        body)),
      truncated ? element('p', { class: 'muted', id: 'chart-truncated' }, say(TEXT.truncated, { limit: CHART_GROUP_LIMIT })) : null)
  }
}

const section = document.getElementById('chart')
if (section) start(section)
