/**
 * The dataset page's query string as preview and chart state, and what each asks the API for: pure
 * functions shared by the server pages and the browser scripts, table-tested.
 */
import t from 'tap'
import { aggregateParams, cellText, chartSort, measureColumn, rowParams, sortDirection, toggledSort } from '../../src/portal/client/page-params.ts'
import { defaultGroup, groupOptions, measureOptions } from '../../src/portal/data/chart.ts'
import { anonymousQuery } from '../../src/portal/data/preview.ts'
import { QueryRefused, QueryTimeout } from '../../src/store/query-errors.ts'
import { chartState, pageLinkParams, pageParamName, previewState, withoutFilters, type DatasetPageQuery } from '../../src/portal/dataset-page-query.ts'
import { parseAggregateQuery } from '../../src/query/aggregate.ts'
import { parseRowQuery, type RawQuery } from '../../src/query/row-query.ts'
import type { PublicField } from '../../src/store/types.ts'

const field = (name: string, type: PublicField['type'], index = false): PublicField => ({ name, type, title: name, rule: 'keep', index, searchable: false })
const FIELDS: PublicField[] = [
  field('id', 'integer'),
  field('station', 'string', true),
  field('aqi', 'integer'),
  field('pm25', 'number'),
  field('open_now', 'boolean'),
  field('day', 'date', true),
  field('measured_at', 'datetime'),
  field('built', 'year'),
]
const VERSION = { fields: FIELDS, primaryKey: 'id' }

const raw = (params: Array<[string, string]>): RawQuery => {
  const out: RawQuery = {}
  for (const [name, value] of params) {
    const had = out[name]
    out[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value]
  }
  return out
}

t.test('previewState reads sort, filters and cursor; empty inputs are no filter', async (t) => {
  const cases: Array<[DatasetPageQuery, ReturnType<typeof previewState>]> = [
    [{}, { filters: [] }],
    [{ sort: '-aqi' }, { sort: '-aqi', filters: [] }],
    [{ sort: '  ' }, { filters: [] }],
    [{ 'f.station': '站点1', 'f.day': '' }, { filters: [['station', '站点1']] }],
    [{ 'f.station': ' 站点1 ', cursor: 'abc' }, { filters: [['station', '站点1']], cursor: 'abc' }],
    [{ 'utm_source': 'x', group: 'station' }, { filters: [] }],
  ]
  for (const [query, expected] of cases) t.same(previewState(query), expected, JSON.stringify(query))
})

t.test('chartState: count and bar unless chosen', async (t) => {
  t.same(chartState({}), { measure: 'count', chart: 'bar' })
  t.same(chartState({ group: 'day', measure: 'avg:aqi', chart: 'line' }), { group: 'day', measure: 'avg:aqi', chart: 'line' })
  t.same(chartState({ group: ' ', measure: '' }), { measure: 'count', chart: 'bar' })
  t.same(chartState({ chart: 'radar' }), { measure: 'count', chart: 'bar', unknownChart: 'radar' }, 'an unknown type is kept to be reported')
})

t.test('rowParams → parseRowQuery: the RowQuery a preview page runs', async (t) => {
  const cases: Array<{ name: string; sort?: string; filters: Array<[string, string]>; cursor?: string; expect: Record<string, unknown> }> = [
    { name: 'first page', filters: [], expect: { limit: 20, sort: [], filters: [], count: false } },
    { name: 'sorted descending', sort: '-aqi', filters: [], expect: { sort: [{ field: 'aqi', descending: true }] } },
    { name: 'filtered pages count their matches', filters: [['station', '站点1']], expect: { filters: [{ field: 'station', op: 'eq', values: ['站点1'] }], count: true } },
    { name: 'two filters', filters: [['station', 'a'], ['day', '2024-01-02']], expect: { filters: [{ field: 'station', op: 'eq', values: ['a'] }, { field: 'day', op: 'eq', values: ['2024-01-02'] }] } },
    { name: 'a cursor is passed on', filters: [], cursor: 'tok', expect: { cursor: 'tok' } },
  ]
  for (const c of cases) {
    const { query, errors } = parseRowQuery(raw(rowParams(c.sort, c.filters, c.cursor)), FIELDS)
    t.same(errors, [], `${c.name}: parses`)
    t.match(query, c.expect, c.name)
  }
  const bad: Array<[string | undefined, Array<[string, string]>, string]> = [
    ['nope', [], 'sort'],
    [undefined, [['day', 'not-a-date']], 'f.day'],
    [undefined, [['ghost', '1']], 'f.ghost'],
    ['aqi,aqi', [], 'sort'],
  ]
  for (const [sort, filters, param] of bad) {
    const { query, errors } = parseRowQuery(raw(rowParams(sort, filters, undefined)), FIELDS)
    t.notOk(query, `${param}: refused`)
    t.same(errors.map((e) => pageParamName(e.path)), [param], `${param}: the error names the page parameter`)
  }
})

t.test('aggregateParams → parseAggregateQuery: the chart\'s aggregate', async (t) => {
  const cases: Array<[string, string, string, Array<[string, string]>, Record<string, unknown>]> = [
    ['station', 'string', 'count', [], { groupBy: ['station'], aggregates: [{ fn: 'count', alias: 'count' }], sort: [{ column: 'count', descending: true }, { column: 'station', descending: false }], limit: 100 }],
    ['day', 'date', 'avg:aqi', [], { groupBy: ['day'], aggregates: [{ fn: 'avg', field: 'aqi', alias: 'avg_aqi' }], sort: [{ column: 'day', descending: false }] }],
    ['built', 'year', 'sum:pm25', [['station', '站点1']], { sort: [{ column: 'built', descending: false }], filters: [{ field: 'station', op: 'eq', values: ['站点1'] }] }],
    ['open_now', 'boolean', 'max:pm25', [], { sort: [{ column: 'max_pm25', descending: true }, { column: 'open_now', descending: false }] }],
  ]
  for (const [group, type, measure, filters, expect] of cases) {
    const { query, errors } = parseAggregateQuery(raw(aggregateParams(group, type, measure, filters)), FIELDS)
    t.same(errors, [], `${group}/${measure}: parses`)
    t.match(query, expect, `${group}/${measure}`)
  }
})

t.test('sort links toggle ascending, descending, ascending', async (t) => {
  const cases: Array<[string | undefined, string, string, 'ascending' | 'descending' | undefined]> = [
    [undefined, 'aqi', 'aqi', undefined],
    ['aqi', 'aqi', '-aqi', 'ascending'],
    ['-aqi', 'aqi', 'aqi', 'descending'],
    ['-aqi', 'day', 'day', undefined],
    ['day,-aqi', 'day', '-day', 'ascending'],
  ]
  for (const [current, f, next, direction] of cases) {
    t.equal(toggledSort(current, f), next, `${current ?? '(none)'} + ${f} → ${next}`)
    t.equal(sortDirection(current, f), direction, `${current ?? '(none)'}: ${f} is ${direction ?? 'unsorted'}`)
  }
})

t.test('chart order: time lines and scales by key, categories by size', async (t) => {
  t.equal(chartSort('date', 'day', 'count'), 'day')
  t.equal(chartSort('year', 'built', 'sum:aqi'), 'built')
  t.equal(chartSort('integer', 'aqi', 'count'), 'aqi')
  t.equal(chartSort('string', 'station', 'count'), '-count,station')
  t.equal(chartSort('boolean', 'open_now', 'avg:pm25'), '-avg:pm25,open_now')
  t.equal(measureColumn('count'), 'count')
  t.equal(measureColumn('avg:pm25'), 'avg_pm25')
})

t.test('what the chart builder offers', async (t) => {
  t.same(groupOptions(VERSION).map((f) => f.name), ['station', 'aqi', 'open_now', 'day', 'built'], 'no key, no number or datetime')
  t.same(measureOptions(VERSION).map((m) => m.value), ['count', 'sum:aqi', 'avg:aqi', 'min:aqi', 'max:aqi', 'sum:pm25', 'avg:pm25', 'min:pm25', 'max:pm25'])
  t.equal(defaultGroup(VERSION), 'station', 'the first indexed text field')
  t.equal(defaultGroup({ fields: [field('id', 'integer'), field('kind', 'string'), field('label', 'string', true)], primaryKey: 'id' }), 'label', 'indexed beats earlier')
  t.equal(defaultGroup({ fields: [field('id', 'integer'), field('n', 'integer'), field('kind', 'string')], primaryKey: 'id' }), 'kind', 'a text field beats an earlier integer')
  t.equal(defaultGroup({ fields: [field('id', 'integer'), field('y', 'year')], primaryKey: 'id' }), 'y', 'else the first option')
  t.equal(defaultGroup({ fields: [field('id', 'integer'), field('x', 'number')], primaryKey: 'id' }), undefined, 'nothing to group by')
})

t.test('page links keep preview and chart state only', async (t) => {
  const query: DatasetPageQuery = { lang: 'en', sort: '-aqi', 'f.station': '站点1', 'f.day': '', cursor: 'c', group: 'day', measure: 'count', chart: 'line', utm_source: 'mail' }
  t.same(pageLinkParams(query), { sort: '-aqi', 'f.station': '站点1', cursor: 'c', group: 'day', measure: 'count', chart: 'line' })
  t.same(pageLinkParams(query, { cursor: undefined, sort: 'aqi' }), { sort: 'aqi', 'f.station': '站点1', group: 'day', measure: 'count', chart: 'line' })
  t.same(withoutFilters(pageLinkParams(query)), { sort: '-aqi', cursor: 'c', group: 'day', measure: 'count', chart: 'line' })
})

t.test('API error paths as page parameters', async (t) => {
  const cases: Array<[string, string]> = [['_sort', 'sort'], ['_cursor', 'cursor'], ['_group_by', 'group'], ['_agg', 'measure'], ['station', 'f.station'], ['day__gt', 'f.day'], ['_limit', '_limit']]
  for (const [api, page] of cases) t.equal(pageParamName(api), page, `${api} → ${page}`)
})

t.test('cells in words', async (t) => {
  const cases: Array<[unknown, 'zh' | 'en', string | null]> = [[null, 'zh', null], [undefined, 'en', null], [true, 'zh', '是'], [false, 'en', 'no'], [0, 'zh', '0'], ['', 'zh', ''], ['<b>', 'en', '<b>'], [1.5, 'en', '1.5']]
  for (const [value, lang, text] of cases) t.equal(cellText(value, lang), text, `${JSON.stringify(value)} (${lang})`)
})

t.test('a page query out of budget or turned away is a notice, other errors are not swallowed', async (t) => {
  const request = { ip: '127.0.0.1', arrivedAt: performance.now() - 5 } as never
  let seen: { caller: string; spentMs: number } | undefined
  t.same(await anonymousQuery(request, async (context) => { seen = context; return 42 }), { value: 42 })
  t.equal(seen?.caller, 'ip:127.0.0.1', 'run as the anonymous caller of this address')
  t.ok((seen?.spentMs ?? 0) >= 5, 'the budget counts from the request\'s arrival')
  const cases: Array<[Error, 'busy' | 'slow']> = [
    [new QueryRefused('caller-busy', 4, 2000), 'busy'],
    [new QueryRefused('queue-full', 64, 2000), 'busy'],
    [new QueryTimeout(2000, false), 'busy'],
    [new QueryTimeout(2000, true), 'slow'],
  ]
  for (const [error, reason] of cases) {
    const result = await anonymousQuery(request, async () => { throw error })
    t.same(result, { busy: { reason, message: error.message } }, `${error.constructor.name}: ${reason}`)
  }
  await t.rejects(anonymousQuery(request, async () => { throw new Error('disk on fire') }), /disk on fire/)
})
