/**
 * Draws a chart with Apache ECharts. This module is the only one that imports ECharts, and only
 * through chart-builder.ts's dynamic import(), so it is a chunk of its own that a page fetches when
 * it draws a chart. Only the parts used are registered (core, bar/line/pie, grid, tooltip, title,
 * legend, canvas renderer) to keep that chunk small. ECharts styles its elements through the CSSOM,
 * which the page's Content-Security-Policy allows; nothing here writes a style attribute.
 */
import * as echarts from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, TitleComponent, LegendComponent, CanvasRenderer])

export interface ChartSpec {
  type: 'bar' | 'line' | 'pie'
  /** [label, value] in the order to draw. */
  groups: Array<[string, number | null]>
  groupLabel: string
  measureLabel: string
}

const charts = new WeakMap<HTMLElement, echarts.ECharts>()
let resizing = false

export function renderChart(container: HTMLElement, spec: ChartSpec): void {
  container.hidden = false
  // a height from the stylesheet (.chart-canvas) wins; ECharts cannot draw into a box of height 0
  if (container.clientHeight === 0) container.style.height = '22rem'
  let chart = charts.get(container)
  if (!chart) {
    chart = echarts.init(container, undefined, { renderer: 'canvas' })
    charts.set(container, chart)
  }
  chart.setOption(option(spec), { notMerge: true })
  if (!resizing) {
    resizing = true
    let pending = 0
    window.addEventListener('resize', () => {
      cancelAnimationFrame(pending)
      pending = requestAnimationFrame(() => {
        for (const el of document.querySelectorAll<HTMLElement>('.chart-canvas')) charts.get(el)?.resize()
      })
    })
  }
}

function option(spec: ChartSpec): echarts.EChartsCoreOption {
  const labels = spec.groups.map(([label]) => label)
  const values = spec.groups.map(([, value]) => value)
  if (spec.type === 'pie') {
    return {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{
        type: 'pie',
        name: spec.measureLabel,
        radius: ['0%', '65%'],
        center: ['50%', '45%'],
        data: spec.groups.map(([name, value]) => ({ name, value })),
      }],
    }
  }
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 36, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: labels, name: spec.groupLabel, nameLocation: 'middle', nameGap: 28, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: spec.measureLabel, nameTextStyle: { align: 'left' } },
    series: [{ type: spec.type, name: spec.measureLabel, data: values, ...(spec.type === 'line' ? { showSymbol: values.length <= 60 } : {}) }],
  }
}
