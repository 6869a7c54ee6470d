/** Which queries are cheap (src/query/lane.ts): those that name rows by primary key, and nothing else. */
import t from 'tap'
import { laneOf } from '../../src/query/lane.ts'
import type { Filter } from '../../src/query/row-query.ts'

const f = (field: string, op: Filter['op'], ...values: Filter['values']): Filter => ({ field, op, values })

t.test('a primary-key equality or IN list is cheap, whatever else comes with it; nothing else is', async (t) => {
  const cases: Array<[string, Filter[], string | undefined, string, string?]> = [
    ['equality on the primary key', [f('id', 'eq', 7)], 'id', 'cheap'],
    ['an IN list of keys', [f('id', 'in', 1, 2, 3)], 'id', 'cheap'],
    ['a key with other filters', [f('note', 'contains', 'x'), f('id', 'eq', 7)], 'id', 'cheap'],
    ['no filter', [], 'id', 'expensive'],
    ['a range on the key', [f('id', 'gt', 7)], 'id', 'expensive'],
    ['the key excluded', [f('id', 'ne', 7)], 'id', 'expensive'],
    ['equality on another field', [f('station', 'eq', 'a')], 'id', 'expensive'],
    ['no primary key', [f('id', 'eq', 7)], undefined, 'expensive'],
    ['a key with full-text search, whose matches SQLite reads first', [f('id', 'eq', 7)], 'id', 'expensive', '备注'],
  ]
  for (const [name, filters, primaryKey, lane, search] of cases) t.equal(laneOf({ filters, ...(search ? { search } : {}) }, primaryKey), lane, name)
})
