import t from 'tap'
import { parseRowQuery, type QueryField } from '../../src/query/row-query.ts'

const FIELDS: QueryField[] = [
  { name: 'id', type: 'integer', searchable: false },
  { name: 'name', type: 'string', searchable: true },
  { name: 'amount', type: 'number', searchable: false },
  { name: 'active', type: 'boolean', searchable: false },
  { name: 'day', type: 'date', searchable: false },
]

t.test('valid queries', async (t) => {
  const { query } = parseRowQuery({ amount__gt: '1e3', name: '张三', active: '是', day__lte: '2024/3/5', id__in: '1,2,3', _sort: '-amount,id', _fields: 'id,name', _limit: '50', _count: 'exact', _format: 'csv', _search: '  处罚  ' }, FIELDS)
  t.same(query, {
    filters: [
      { field: 'amount', op: 'gt', values: [1000] },
      { field: 'name', op: 'eq', values: ['张三'] },
      { field: 'active', op: 'eq', values: [true] },
      { field: 'day', op: 'lte', values: ['2024-03-05'] },
      { field: 'id', op: 'in', values: [1, 2, 3] },
    ],
    sort: [{ field: 'amount', descending: true }, { field: 'id', descending: false }],
    fields: ['id', 'name'], limit: 50, count: true, format: 'csv', search: '处罚',
  })
  t.same(parseRowQuery({ name__isnull: 'true', id: ['1', '2'] }, FIELDS).query?.filters, [
    { field: 'name', op: 'isnull', values: [true] },
    { field: 'id', op: 'eq', values: [1] },
    { field: 'id', op: 'eq', values: [2] },
  ], 'a repeated filter narrows further')
  t.same(parseRowQuery({}, FIELDS, 'arrow').query?.format, 'arrow', 'the default format comes from Accept')
})

const ERRORS: Array<[Record<string, string | string[]>, string, RegExp]> = [
  [{ amount__gt: 'abc' }, 'amount__gt', /expected a number, got "abc"/],
  [{ nope: '1' }, 'nope', /unknown field "nope"/],
  [{ amount__between: '1' }, 'amount__between', /unknown operator "between"/],
  [{ amount__contains: '1' }, 'amount__contains', /operator contains does not apply to number field "amount"/],
  [{ active__gt: 'true' }, 'active__gt', /operator gt does not apply to boolean/],
  [{ name__isnull: 'yes' }, 'name__isnull', /expected true or false/],
  [{ id__in: '1,,2' }, 'id__in', /got an empty value/],
  [{ id__in: Array.from({ length: 101 }, (_, i) => i).join(',') }, 'id__in', /at most 100 values/],
  [{ day: '2023-02-29' }, 'day', /expected a date/],
  [{ id: '99999999999999999999' }, 'id', /expected an integer/],
  [{ _limit: '0' }, '_limit', /from 1 to 10000/],
  [{ _limit: '10001' }, '_limit', /from 1 to 10000/],
  [{ _limit: ['1', '2'] }, '_limit', /given more than once/],
  [{ _sort: 'amount,amount' }, '_sort', /listed twice/],
  [{ _sort: '-ghost' }, '_sort', /unknown field "ghost"/],
  [{ _fields: 'id,ghost' }, '_fields', /unknown field\(s\) "ghost"/],
  [{ _count: 'yes' }, '_count', /expected "exact"/],
  [{ _format: 'xml' }, '_format', /expected one of json, csv, arrow/],
  [{ _search: '   ' }, '_search', /expected 1 to 200 characters/],
  [{ _unknown: '1' }, '_unknown', /unknown control parameter/],
  [{ name__contains: '' }, 'name__contains', /expected some text/],
]

for (const [raw, path, message] of ERRORS) {
  t.test(`400 for ${JSON.stringify(raw).slice(0, 60)}`, async (t) => {
    const { query, errors } = parseRowQuery(raw, FIELDS)
    t.equal(query, undefined)
    t.ok(errors.some((e) => e.path === path && message.test(e.message)), JSON.stringify(errors))
  })
}

t.test('search needs searchable fields', async (t) => {
  const { errors } = parseRowQuery({ _search: 'x' }, FIELDS.filter((f) => !f.searchable))
  t.same(errors, [{ path: '_search', message: 'this dataset has no searchable fields' }])
})

t.test('every problem is reported at once', async (t) => {
  t.equal(parseRowQuery({ a: '1', b: '2', _limit: 'x' }, FIELDS).errors.length, 3)
})
