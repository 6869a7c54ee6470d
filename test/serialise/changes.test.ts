import { parse } from 'csv-parse/sync'
import t from 'tap'
import { changesToCsv } from '../../src/serialise/csv.ts'
import type { ChangeLayout, ChangeRecord } from '../../src/serialise/fields.ts'
import { changesToJson } from '../../src/serialise/json.ts'
import { changesToNdjson } from '../../src/serialise/ndjson.ts'

/** A page of changes in each format (issue 12 §2): the same changes, each format's own escaping. */
const layout: ChangeLayout = {
  keyType: 'integer',
  before: [{ name: 'id', type: 'integer' }, { name: 'note', type: 'string' }, { name: 'ok', type: 'boolean' }],
  after: [{ name: 'id', type: 'integer' }, { name: 'note', type: 'string' }, { name: 'extra', type: 'number' }],
}
const changes: ChangeRecord[] = [
  { op: 'removed', key: 1, before: [1, 'say "hi", 北京\n', 1] },
  { op: 'changed', key: 2, before: [2, '', 0], after: [2, null, -0.5] },
  { op: 'added', key: 3, after: [3, '=1+1', null] },
]
const objects = [
  { op: 'removed', key: 1, before: { id: 1, note: 'say "hi", 北京\n', ok: true } },
  { op: 'changed', key: 2, before: { id: 2, note: '', ok: false }, after: { id: 2, note: null, extra: -0.5 } },
  { op: 'added', key: 3, after: { id: 3, note: '=1+1', extra: null } },
]

t.test('JSON: an array of objects, each side an object of its version\'s fields, booleans read from 0/1', async (t) => {
  t.same(JSON.parse(changesToJson(changes, layout)), objects)
  t.equal(changesToJson([], layout), '[]')
  t.equal(changesToJson([{ op: 'added', key: null, after: [1, 'x', 2] }], layout), '[{"op":"added","key":null,"after":{"id":1,"note":"x","extra":2}}]', 'no key by content')
})

t.test('NDJSON: the same objects, one per line', async (t) => {
  const text = changesToNdjson(changes, layout)
  t.ok(text.endsWith('}\n'))
  t.same(text.trimEnd().split('\n').map((line) => JSON.parse(line)), objects)
  t.equal(changesToNdjson([], layout), '')
})

t.test('CSV: op, key, before.* and after.* columns; an absent side is empty, an empty string quoted', async (t) => {
  const text = changesToCsv(changes, layout)
  t.match(text, /^op,key,before\.id,before\.note,before\.ok,after\.id,after\.note,after\.extra\r\n/)
  t.match(text, /\r\nchanged,2,2,"",false,2,,-0\.5\r\n/, 'an empty string is "", null is empty')
  const records = parse(text, { columns: true }) as Array<Record<string, string>>
  t.same(records.map((r) => [r.op, r.key, r['before.note'], r['before.ok'], r['after.note']]), [
    ['removed', '1', 'say "hi", 北京\n', 'true', ''], ['changed', '2', '', 'false', ''], ['added', '3', '', '', '=1+1'],
  ])
})
