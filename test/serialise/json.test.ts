import t from 'tap'
import { rowsToJson } from '../../src/serialise/json.ts'

t.test('a query page as JSON: typed values, fields in order, text escaped', async (t) => {
  const fields = [
    { name: 'id', type: 'integer' },
    { name: 'note', type: 'string' },
    { name: 'open', type: 'boolean' },
    { name: 'pm25', type: 'number' },
    { name: 'at', type: 'datetime' },
  ] as const
  const rows = [
    [9007199254740991, '', 1, 1.5, '2024-01-01T08:00:00+08:00'],
    [2, null, 0, null, null],
    [3, 'say "hi"\n北京', true, -0.25, '2024-01-01T08:00:00'],
  ]
  const text = rowsToJson(rows, fields)
  t.same(JSON.parse(text), [
    { id: 9007199254740991, note: '', open: true, pm25: 1.5, at: '2024-01-01T08:00:00+08:00' },
    { id: 2, note: null, open: false, pm25: null, at: null },
    { id: 3, note: 'say "hi"\n北京', open: true, pm25: -0.25, at: '2024-01-01T08:00:00' },
  ])
  t.equal(rowsToJson([], fields), '[]')
  t.equal(rowsToJson([[1]], []), '[{}]')
})
