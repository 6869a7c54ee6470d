/**
 * The SQL builder through its dialect (query/dialect.ts): every filter operator, the search, the keyset
 * and the fallbacks as the embedded store's SQLite gets them, one row each; and placeholders numbered in
 * the order of the bound values whatever the dialect's style, so a `$n` dialect binds what it says.
 */
import t from 'tap'
import { aggregateSql, type AggregateQuery } from '../../src/query/aggregate.ts'
import { Bindings, type Dialect } from '../../src/query/dialect.ts'
import { SQLITE_DIALECT } from '../../src/query/dialects/sqlite.ts'
import type { Filter, RowQuery } from '../../src/query/row-query.ts'
import { countSql, keysetSql, rowsSql, whereSql } from '../../src/query/sql.ts'
import type { SqlValue, TableShape } from '../../src/store/query-types.ts'

const SHAPE: TableShape = {
  table: 'rows',
  fields: [
    { name: 'id', type: 'integer', searchable: false },
    { name: 'name', type: 'string', searchable: true },
    { name: 'open', type: 'boolean', searchable: false },
  ],
  tiebreaker: 'id',
  fullText: true,
}
const GUARD = '(_row % 64 <> 0 OR gongkai_heartbeat())'

const f = (field: string, op: Filter['op'], ...values: Filter['values']): Filter => ({ field, op, values })

const WHERE: Array<[string, Pick<RowQuery, 'filters' | 'search'>, string, SqlValue[]]> = [
  ['eq', { filters: [f('id', 'eq', 7)] }, '"id" = ?', [7]],
  ['ne keeps nulls', { filters: [f('id', 'ne', 7)] }, '"id" IS NOT ?', [7]],
  ['gt', { filters: [f('id', 'gt', 1)] }, '"id" > ?', [1]],
  ['gte', { filters: [f('id', 'gte', 1)] }, '"id" >= ?', [1]],
  ['lt', { filters: [f('id', 'lt', 1)] }, '"id" < ?', [1]],
  ['lte', { filters: [f('id', 'lte', 1)] }, '"id" <= ?', [1]],
  ['a boolean is bound as the table stores it', { filters: [f('open', 'eq', true)] }, '"open" = ?', [1]],
  ['in', { filters: [f('id', 'in', 1, 2)] }, '"id" IN (?, ?)', [1, 2]],
  ['notin keeps nulls', { filters: [f('id', 'notin', 1, 2)] }, '("id" IS NULL OR "id" NOT IN (?, ?))', [1, 2]],
  ['contains', { filters: [f('name', 'contains', '东')] }, 'instr("name", ?) > 0', ['东']],
  ['startswith counts characters, not bytes', { filters: [f('name', 'startswith', '北京')] }, 'substr("name", 1, ?) = ?', [2, '北京']],
  ['isnull', { filters: [f('name', 'isnull', true)] }, '"name" IS NULL', []],
  ['isnull false', { filters: [f('name', 'isnull', false)] }, '"name" IS NOT NULL', []],
  ['a search term of three characters uses the trigram index', { filters: [], search: '朝阳区' }, '_row IN (SELECT rowid FROM rows_fts WHERE rows_fts MATCH ?)', ['"朝阳区"']],
  ['a shorter term scans the searchable columns', { filters: [], search: '朝阳' }, '(instr("name", ?) > 0)', ['朝阳']],
  ['terms and filters are all required', { filters: [f('id', 'eq', 1)], search: 'ab cd' }, '"id" = ? AND (instr("name", ?) > 0) AND (instr("name", ?) > 0)', [1, 'ab', 'cd']],
]

for (const [name, query, sql, params] of WHERE) {
  t.test(`where: ${name}`, async (t) => {
    const bindings = new Bindings(SQLITE_DIALECT)
    t.equal(whereSql(query, SHAPE, SQLITE_DIALECT, bindings.bind), `${GUARD} AND ${sql}`, 'the heartbeat comes first')
    t.same(bindings.params, params)
  })
}

t.test('fallbacks: no filter means no WHERE terms, an exhausted keyset matches nothing', async (t) => {
  const bindings = new Bindings(SQLITE_DIALECT)
  t.equal(whereSql({ filters: [] }, SHAPE, SQLITE_DIALECT, bindings.bind), '')
  t.equal(keysetSql([{ column: 'id', descending: true }], [null], SQLITE_DIALECT, bindings.bind), '0')
  t.same(bindings.params, [])
})

const DOLLAR: Dialect = { ...SQLITE_DIALECT, placeholder: (n) => `$${n}`, scanGuard: undefined, always: 'TRUE', never: 'FALSE', nullOrder: (d) => (d ? ' NULLS LAST' : ' NULLS FIRST') }
const rowQuery: RowQuery = { filters: [f('id', 'in', 3, 4), f('name', 'startswith', 'x')], sort: [{ field: 'name', descending: true }], fields: ['id'], limit: 10, count: true, format: 'json', search: 'abc' }
const groups: AggregateQuery = { filters: [f('open', 'eq', false)], groupBy: ['name'], aggregates: [{ fn: 'count', alias: 'count' }], sort: [], limit: 5, format: 'json' }

const NUMBERED: Array<[string, { sql: string; params: SqlValue[] }]> = [
  ['rows with a cursor', rowsSql(rowQuery, SHAPE, DOLLAR, ['m', 9])],
  ['count', countSql(rowQuery, SHAPE, DOLLAR)],
  ['aggregate', aggregateSql(groups, SHAPE, DOLLAR)],
]

for (const [name, { sql, params }] of NUMBERED) {
  t.test(`placeholders: ${name} numbers $1…$n in the order of its values`, async (t) => {
    const numbers = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))
    t.same(numbers, params.map((_, i) => i + 1))
    t.notMatch(sql, /\?|gongkai_heartbeat/, 'nothing of SQLite is left')
  })
}

t.test('a dialect with its own null order and no scan guard', async (t) => {
  const { search: _search, ...unsearched } = rowQuery
  const { sql } = rowsSql({ ...unsearched, filters: [] }, SHAPE, DOLLAR)
  t.equal(sql, 'SELECT "id", "name" AS __k0, "id" AS __k1 FROM rows WHERE TRUE ORDER BY "name" DESC NULLS LAST, "id" DESC NULLS LAST LIMIT $1')
  t.match(aggregateSql({ ...groups, filters: [] }, SHAPE, DOLLAR).sql, 'WHERE TRUE GROUP BY "name" ORDER BY "name" NULLS FIRST LIMIT $1')
})
