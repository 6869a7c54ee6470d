import type { FastifyInstance, FastifyRequest } from 'fastify'
import { readAccess } from '../../access/policy.ts'
import type { ReadAccess } from '../../config/grades.ts'
import type { CellValue } from '../../desensitise/types.ts'
import { parseAggregateQuery } from '../../query/aggregate.ts'
import type { QueryError, RawQuery } from '../../query/row-query.ts'
import type { DatasetRecord, PublicField, VersionInfo } from '../../store/types.ts'
import { aggregateParams, GROUPABLE_TYPES, MEASURABLE_TYPES, MEASURE_FUNCTIONS, measureColumn, type MeasureFunction } from '../client/page-params.ts'
import { chartState, pageLinks, pageParamName, previewState, type ChartState, type DatasetPageQuery, type PageLinks } from '../dataset-page-query.ts'
import { anonymousQuery, type Busy } from './preview.ts'

export type ChartField = Pick<PublicField, 'name' | 'type' | 'title' | 'title_en' | 'unit'>

/** A measure the builder offers: `count`, or a function of a number field (`sum:aqi`). */
export interface MeasureOption {
  value: string
  fn: 'count' | MeasureFunction
  field?: ChartField
}

export interface ChartGroup {
  key: CellValue
  value: number | null
}

export interface ChartResult {
  group: ChartField
  measure: MeasureOption
  groups: ChartGroup[]
  /** More groups exist than were asked for (CHART_GROUP_LIMIT). */
  truncated: boolean
}

/** What the chart section shows: the builder form, and the aggregated groups once a chart was asked for. */
export type ChartModel =
  | { kind: 'closed'; page: PageLinks }
  | { kind: 'no-version'; page: PageLinks }
  | {
      kind: 'builder'
      page: PageLinks
      access: Exclude<ReadAccess, 'nobody'>
      groupOptions: ChartField[]
      measureOptions: MeasureOption[]
      /** The state with the default group filled in when none was chosen. */
      state: ChartState & { group: string | undefined }
      /** Whether the page asked for a chart (a group was given). */
      asked: boolean
      /** The preview filters the chart also applies, as [field, value]. */
      filters: Array<[string, string]>
      result?: ChartResult
      errors?: QueryError[]
      busy?: Busy
    }

const chartField = (f: PublicField): ChartField => ({ name: f.name, type: f.type, title: f.title, ...(f.title_en ? { title_en: f.title_en } : {}), ...(f.unit ? { unit: f.unit } : {}) })

/** Fields a chart can group by: categories, years, dates and integers, not the primary key (one group per row). */
export function groupOptions(version: Pick<VersionInfo, 'fields' | 'primaryKey'>): ChartField[] {
  return version.fields.filter((f) => GROUPABLE_TYPES.has(f.type) && f.name !== version.primaryKey).map(chartField)
}

export function measureOptions(version: Pick<VersionInfo, 'fields' | 'primaryKey'>): MeasureOption[] {
  const numeric = version.fields.filter((f) => MEASURABLE_TYPES.has(f.type) && f.name !== version.primaryKey).map(chartField)
  return [{ value: 'count', fn: 'count' }, ...numeric.flatMap((field) => MEASURE_FUNCTIONS.map((fn): MeasureOption => ({ value: `${fn}:${field.name}`, fn, field })))]
}

/** The group chosen before the visitor chooses: the first indexed text field (categories the data is organised by), else the first text field, else the first option. */
export function defaultGroup(version: Pick<VersionInfo, 'fields' | 'primaryKey'>): string | undefined {
  const options = new Set(groupOptions(version).map((f) => f.name))
  const candidates = version.fields.filter((f) => options.has(f.name))
  return (candidates.find((f) => f.type === 'string' && f.index) ?? candidates.find((f) => f.type === 'string') ?? candidates[0])?.name
}

export async function loadChart(app: FastifyInstance, request: FastifyRequest, dataset: DatasetRecord, query: DatasetPageQuery): Promise<ChartModel> {
  const page = pageLinks(query)
  const access = readAccess(dataset.entry)
  if (access === 'nobody') return { kind: 'closed', page }
  const current = dataset.current
  if (!current) return { kind: 'no-version', page }
  const state = chartState(query)
  const groups = groupOptions(current)
  const measures = measureOptions(current)
  const indexed = new Set(current.fields.filter((f) => f.index).map((f) => f.name))
  // the preview's filters narrow the chart too; those the preview refuses are left out here (its notice explains them)
  const filters = previewState(query).filters.filter(([field]) => indexed.has(field))
  const model: Extract<ChartModel, { kind: 'builder' }> = {
    kind: 'builder',
    page,
    access,
    groupOptions: groups,
    measureOptions: measures,
    state: { ...state, group: state.group ?? defaultGroup(current) },
    asked: state.group !== undefined,
    filters,
  }
  if (state.group === undefined) return model
  const group = groups.find((f) => f.name === state.group)
  const measure = measures.find((m) => m.value === state.measure)
  const errors: QueryError[] = []
  if (!group) errors.push({ path: 'group', message: `cannot group by "${state.group}"; choose one of ${groups.map((f) => f.name).join(', ')}` })
  if (!measure) errors.push({ path: 'measure', message: `unknown measure "${state.measure}"; expected ${measures.map((m) => m.value).join(', ')}` })
  if (state.unknownChart !== undefined) errors.push({ path: 'chart', message: `unknown chart type "${state.unknownChart.slice(0, 50)}"; expected bar, line or pie` })
  if (!group || !measure || errors.length) return { ...model, errors }
  if (access !== 'anyone') return model

  const raw: RawQuery = {}
  for (const [name, value] of aggregateParams(group.name, group.type, measure.value, filters)) {
    const had = raw[name]
    raw[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value]
  }
  const parsed = parseAggregateQuery(raw, current.fields, 'json')
  if (!parsed.query) return { ...model, errors: parsed.errors.map((e) => ({ path: pageParamName(e.path), message: e.message })) }
  const aggregateQuery = parsed.query
  const run = await anonymousQuery(request, (context) => app.queryEngine.aggregate(dataset.id, current.version, aggregateQuery, context))
  if ('busy' in run) return { ...model, busy: run.busy }
  const column = measureColumn(measure.value)
  const body = JSON.parse(run.value.body as string) as Array<Record<string, CellValue>>
  const rows = body.map((row): ChartGroup => {
    const value = row[column]
    return { key: row[group.name] ?? null, value: typeof value === 'number' ? value : null }
  })
  return { ...model, result: { group, measure, groups: rows, truncated: run.value.truncated } }
}
