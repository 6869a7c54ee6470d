import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import { CHART_GROUP_LIMIT, cellText, NULL_WORD, type ChartType } from '../../client/page-params.ts'
import type { ChartField, ChartModel, ChartResult, MeasureOption } from '../../data/chart.ts'
import { withParams } from '../../dataset-page-query.ts'
import { localized, type Bilingual } from '../../i18n/lang.ts'

const TEXT = {
  heading: { zh: '图表', en: 'Chart' },
  closed: { zh: '该数据集不予开放，无法绘制图表。', en: 'This dataset is closed, so there is nothing to chart.' },
  noVersion: { zh: '该数据集尚未发布数据版本，暂无可绘制的数据。', en: 'No version of this dataset has been published yet, so there is nothing to chart.' },
  noGroups: { zh: '该数据集没有可用于分组的字段。', en: 'This dataset has no field to group by.' },
  intro: { zh: '选择分组字段和统计方式，生成柱状图、折线图或饼图；图表下方的表格列出相同的数据。', en: 'Choose a field to group by and a measure to draw a bar, line or pie chart; the table below the chart lists the same figures.' },
  keyNeeded: { zh: '该数据集的图表需要 API Key（二级及以上数据不在服务器页面中直接显示）。在“我的账户”保存 API Key 后，可在本页用 JavaScript 生成图表。', en: 'Charting this dataset needs an API key (data above grade 1 is not shown in server pages). Save an API key on the account page and this page draws the chart with JavaScript.' },
  grantNeeded: { zh: '该数据集的图表需要持有已获批准授权的 API Key（需获批准）。在“我的账户”保存 API Key 后，可在本页用 JavaScript 生成图表。', en: 'Charting this dataset needs an API key holding an approved grant. Save it on the account page and this page draws the chart with JavaScript.' },
  group: { zh: '分组字段', en: 'Group by' },
  measure: { zh: '统计方式', en: 'Measure' },
  type: { zh: '图表类型', en: 'Chart type' },
  submit: { zh: '生成图表', en: 'Draw chart' },
  bar: { zh: '柱状图', en: 'Bar chart' },
  line: { zh: '折线图', en: 'Line chart' },
  pie: { zh: '饼图', en: 'Pie chart' },
  count: { zh: '行数', en: 'Number of rows' },
  sum: { zh: '合计', en: 'Sum of' },
  avg: { zh: '平均', en: 'Average' },
  min: { zh: '最小', en: 'Minimum' },
  max: { zh: '最大', en: 'Maximum' },
  invalid: { zh: '图表参数有误：', en: 'The chart cannot be drawn because of its parameters:' },
  reset: { zh: '重新选择', en: 'Start again' },
  busy: { zh: '服务器正忙，图表暂时无法生成，请稍后再试。', en: 'The server is busy and could not compute the chart; try again in a moment.' },
  slow: { zh: '这个统计超出了时间限制；请换用其他分组字段，或下载数据集自行分析。', en: 'This aggregate ran out of time; try another field or download the dataset.' },
  tableSummary: { zh: '图表数据（表格）', en: 'Chart data (table)' },
  caption: { zh: '按“{group}”分组的{measure}（{count} 组）', en: '{measure} by “{group}” ({count} groups)' },
  captionFiltered: { zh: '，仅统计符合预览筛选条件的行', en: ', rows matching the preview filters only' },
  truncated: { zh: '分组多于 {limit} 个，只列出前 {limit} 个。', en: 'There are more than {limit} groups; only the first {limit} are listed.' },
  empty: { zh: '没有可统计的行。', en: 'There are no rows to chart.' },
  ariaLabel: { zh: '{type}：{caption}。最大：{top}。具体数值见下方表格。', en: '{type}: {caption}. Largest: {top}. The table below lists every value.' },
} as const satisfies Record<string, Bilingual>

const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))

const title = (ctx: PageContext, f: Pick<ChartField, 'title' | 'title_en'>): string => localized(ctx.lang, f.title, f.title_en)

export function measureLabel(ctx: PageContext, m: MeasureOption): string {
  if (m.fn === 'count' || !m.field) return ctx.t(TEXT.count)
  const field = title(ctx, m.field)
  return ctx.lang === 'zh' ? `${ctx.t(TEXT[m.fn])}：${field}` : `${ctx.t(TEXT[m.fn])} ${field}`
}

/** A group key as text: null as the word for it, booleans in words. */
export function groupText(ctx: PageContext, key: unknown): string {
  return cellText(key, ctx.lang) ?? `(${ctx.t(NULL_WORD)})`
}

function caption(ctx: PageContext, result: ChartResult, filtered: boolean): string {
  return fill(ctx.t(TEXT.caption), { group: title(ctx, result.group), measure: measureLabel(ctx, result.measure), count: result.groups.length }) + (filtered ? ctx.t(TEXT.captionFiltered) : '')
}

export function ChartSection({ ctx, dataset, chart }: { ctx: PageContext; dataset: DatasetRecord; chart: ChartModel }) {
  const { t } = ctx
  if (chart.kind !== 'builder') {
    return (
      <section id="chart" aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t(TEXT.heading)}</h2>
        <p class="notice">{t(chart.kind === 'closed' ? TEXT.closed : TEXT.noVersion)}</p>
      </section>
    )
  }
  const { state, result, page } = chart
  const fieldsData = JSON.stringify(chart.groupOptions.map((f) => ({ name: f.name, type: f.type, title: title(ctx, f) })))
  const measuresData = JSON.stringify(chart.measureOptions.map((m) => ({ value: m.value, label: measureLabel(ctx, m) })))
  const keep = Object.entries(page.params).filter(([name]) => name !== 'group' && name !== 'measure' && name !== 'chart')
  const resetHref = `${ctx.link(`/datasets/${dataset.id}`, withParams(page.params, { group: undefined, measure: undefined, chart: undefined }))}#chart`
  const typeNames: Record<ChartType, string> = { bar: t(TEXT.bar), line: t(TEXT.line), pie: t(TEXT.pie) }
  return (
    <section id="chart" aria-labelledby="chart-heading" data-dataset={dataset.id} data-access={chart.access} data-groups={fieldsData} data-measures={measuresData}>
      <h2 id="chart-heading">{t(TEXT.heading)}</h2>
      {chart.groupOptions.length === 0 ? <p class="notice">{t(TEXT.noGroups)}</p> : (
        <>
          <p>{t(TEXT.intro)}</p>
          {chart.access !== 'anyone' ? <p class="notice">{t(chart.access === 'granted-key' ? TEXT.grantNeeded : TEXT.keyNeeded)} <a href={ctx.link('/account')}>{t({ zh: '我的账户', en: 'My account' })}</a></p> : null}
          <form id="chart-form" method="get" action={`/datasets/${dataset.id}#chart`}>
            {keep.map(([name, value]) => <input type="hidden" name={name} value={value} />)}
            {page.lang ? <input type="hidden" name="lang" value={page.lang} /> : null}
            <div class="form-row">
              <label for="chart-group">{t(TEXT.group)}</label>
              <select id="chart-group" name="group">
                {chart.groupOptions.map((f) => <option value={f.name} selected={f.name === state.group}>{title(ctx, f)}</option>)}
              </select>
            </div>
            <div class="form-row">
              <label for="chart-measure">{t(TEXT.measure)}</label>
              <select id="chart-measure" name="measure">
                {chart.measureOptions.map((m) => <option value={m.value} selected={m.value === state.measure}>{measureLabel(ctx, m)}</option>)}
              </select>
            </div>
            <div class="form-row">
              <label for="chart-type">{t(TEXT.type)}</label>
              <select id="chart-type" name="chart">
                {(['bar', 'line', 'pie'] as const).map((type) => <option value={type} selected={type === state.chart}>{typeNames[type]}</option>)}
              </select>
            </div>
            <div class="form-row"><button type="submit">{t(TEXT.submit)}</button></div>
          </form>
          <p id="chart-status" role="status" aria-live="polite"></p>
          {chart.errors?.length
            ? (
              <div class="notice notice-warn" id="chart-notice" role="alert">
                <p>{t(TEXT.invalid)}</p>
                <ul>{chart.errors.map((e) => <li><code>{e.path}</code>: {e.message}</li>)}</ul>
                <p><a href={resetHref}>{t(TEXT.reset)}</a></p>
              </div>
            )
            : null}
          {chart.busy ? <p class="notice notice-warn" id="chart-notice" role="alert">{t(chart.busy.reason === 'busy' ? TEXT.busy : TEXT.slow)}</p> : null}
          <ChartOutput ctx={ctx} result={result} chartType={state.chart} filtered={chart.filters.length > 0} typeName={typeNames[state.chart]} />
        </>
      )}
    </section>
  )
}

function ChartOutput({ ctx, result, chartType, filtered, typeName }: { ctx: PageContext; result: ChartResult | undefined; chartType: ChartType; filtered: boolean; typeName: string }) {
  const { t } = ctx
  if (!result) return <div id="chart-canvas" class="chart-canvas" hidden></div>
  if (result.groups.length === 0) return <><div id="chart-canvas" class="chart-canvas" hidden></div><p class="notice" id="chart-empty">{t(TEXT.empty)}</p></>
  const text = caption(ctx, result, filtered)
  const top = result.groups.reduce((best, g) => ((g.value ?? -Infinity) > (best.value ?? -Infinity) ? g : best))
  const label = fill(t(TEXT.ariaLabel), { type: typeName, caption: text, top: `${groupText(ctx, top.key)} ${top.value === null ? '' : formatNumber(top.value)}` })
  const groups = JSON.stringify(result.groups.map((g) => [groupText(ctx, g.key), g.value === null ? null : Number(formatNumber(g.value))]))
  return (
    <>
      <div id="chart-canvas" class="chart-canvas" role="img" aria-label={label} data-chart={chartType} data-groups={groups}
        data-group-label={title(ctx, result.group)} data-measure-label={measureLabel(ctx, result.measure)} data-caption={text}></div>
      <details id="chart-details" open>
        <summary>{t(TEXT.tableSummary)}</summary>
        <div class="table-wrap">
          <table id="chart-table">
            <caption>{text}</caption>
            <thead>
              <tr><th scope="col">{title(ctx, result.group)}</th><th scope="col">{measureLabel(ctx, result.measure)}</th></tr>
            </thead>
            <tbody>
              {result.groups.map((g) => (
                <tr>
                  <th scope="row">{g.key === null ? <span class="muted">{groupText(ctx, g.key)}</span> : groupText(ctx, g.key)}</th>
                  {g.value === null ? <td class="null"><span class="muted" role="img" aria-label={t(NULL_WORD)}>—</span></td> : <td data-type="number">{formatNumber(g.value)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {result.truncated ? <p class="muted" id="chart-truncated">{fill(t(TEXT.truncated), { limit: CHART_GROUP_LIMIT })}</p> : null}
      </details>
    </>
  )
}

/** Averages come back with many decimals: at most 2 in the table. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100)
}
