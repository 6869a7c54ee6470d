import t from 'tap'
import { filtersToWalkPast, rowsSql } from '../../src/query/sql.ts'
import type { TableShape } from '../../src/store/query-types.ts'
import type { RowQuery } from '../../src/query/row-query.ts'
import { SQLITE_DIALECT } from '../../src/query/dialects/sqlite.ts'

const SHAPE: TableShape = {
  table: 'rows',
  fields: [
    { name: 'id', type: 'integer', searchable: false },
    { name: 'kind', type: 'string', searchable: false },
    { name: 'day', type: 'date', searchable: false },
    { name: 'code', type: 'string', searchable: false },
  ],
  tiebreaker: 'id',
  fullText: false,
  rowCount: 1_000_000,
  rowsPerValue: new Map([['kind', 50_000], ['day', 400], ['code', 2], ['id', 1]]),
}

const query = (over: Partial<RowQuery>): RowQuery => ({ filters: [], sort: [], fields: ['id'], limit: 100, count: false, format: 'json', ...over })

const CASES: Array<[string, Partial<RowQuery>, string[]]> = [
  ['a common value sorted by another index walks the sort index', { filters: [{ field: 'kind', op: 'eq', values: ['a'] }], sort: [{ field: 'day', descending: true }] }, ['kind']],
  ['a rare value keeps its own index', { filters: [{ field: 'code', op: 'eq', values: ['x'] }], sort: [{ field: 'day', descending: true }] }, []],
  ['no sort, nothing to walk', { filters: [{ field: 'kind', op: 'eq', values: ['a'] }] }, []],
  ['a sort on an unindexed field cannot be walked', { filters: [{ field: 'kind', op: 'eq', values: ['a'] }], sort: [{ field: 'nope', descending: false }] }, []],
  ['ranges are left to SQLite', { filters: [{ field: 'kind', op: 'gt', values: ['a'] }], sort: [{ field: 'day', descending: false }] }, []],
  ['a huge page makes sorting the matches cheaper', { filters: [{ field: 'kind', op: 'eq', values: ['a'] }], sort: [{ field: 'day', descending: false }], limit: 10_000 }, []],
  ['the primary key order can be walked too', { filters: [{ field: 'kind', op: 'in', values: ['a', 'b'] }], sort: [{ field: 'id', descending: false }] }, ['kind']],
]

for (const [name, over, expected] of CASES) {
  t.test(name, async (t) => {
    const q = query(over)
    t.same([...filtersToWalkPast(q, SHAPE)].map((f) => f.field), expected)
    const { sql } = rowsSql(q, SHAPE, SQLITE_DIALECT)
    for (const field of expected) t.match(sql, `+"${field}"`, 'the filter is written so that its index is not used')
  })
}

t.test('keyset SQL continues after the last row with NULLs ordered as SQLite orders them', async (t) => {
  const q = query({ sort: [{ field: 'day', descending: true }] })
  t.same(rowsSql(q, SHAPE, SQLITE_DIALECT, ['2024-01-01', 7]), {
    sql: 'SELECT "id", "day" AS __k0, "id" AS __k1 FROM rows WHERE (_row % 64 <> 0 OR gongkai_heartbeat()) AND ((("day" < ? OR "day" IS NULL)) OR ("day" = ? AND ("id" < ? OR "id" IS NULL))) ORDER BY "day" DESC, "id" DESC LIMIT ?',
    params: ['2024-01-01', '2024-01-01', 7, 101],
  }, 'descending: smaller values and NULLs come after')
  t.match(rowsSql(q, SHAPE, SQLITE_DIALECT, [null, 7]).sql, /\("day" IS NULL AND \("id" < \? OR "id" IS NULL\)\)/, 'after a NULL, only NULLs with a smaller key')
})
