/**
 * Every generated query that scans rows calls the heartbeat before any filter can reject a row, so a
 * terminated worker's query stops mid-scan (test/store/pool.test.ts shows the stop itself).
 */
import Database from 'better-sqlite3'
import t from 'tap'
import { aggregateSql, type AggregateQuery } from '../../src/query/aggregate.ts'
import { SQLITE_DIALECT } from '../../src/query/dialects/sqlite.ts'
import { HEARTBEAT_FUNCTION, HEARTBEAT_SQL } from '../../src/store/sqlite/pool/heartbeat.ts'
import type { RowQuery } from '../../src/query/row-query.ts'
import { countSql, rowsSql } from '../../src/query/sql.ts'
import type { TableShape } from '../../src/store/query-types.ts'

const SHAPE: TableShape = {
  table: 'rows',
  fields: [
    { name: 'id', type: 'integer', searchable: false },
    { name: 'note', type: 'string', searchable: false },
  ],
  tiebreaker: 'id',
  fullText: false,
}

const rows = (over: Partial<RowQuery> = {}): RowQuery => ({ filters: [], sort: [], fields: ['id', 'note'], limit: 100, count: false, format: 'json', ...over })
const groups = (over: Partial<AggregateQuery> = {}): AggregateQuery => ({ filters: [], groupBy: ['note'], aggregates: [{ fn: 'count', alias: 'count' }], sort: [], limit: 100, format: 'json', ...over })
const NO_MATCH = [{ field: 'note', op: 'contains' as const, values: ['never'] }]

const WHERE_FIRST = `WHERE ${HEARTBEAT_SQL}`

t.test('the heartbeat is the first WHERE term of every query that scans', async (t) => {
  const cases: Array<[string, string]> = [
    ['rows, unfiltered', rowsSql(rows(), SHAPE, SQLITE_DIALECT).sql],
    ['rows, filtered and sorted', rowsSql(rows({ filters: NO_MATCH, sort: [{ field: 'note', descending: true }] }), SHAPE, SQLITE_DIALECT).sql],
    ['rows, after a cursor', rowsSql(rows(), SHAPE, SQLITE_DIALECT, [7]).sql],
    ['count, filtered', countSql(rows({ filters: NO_MATCH }), SHAPE, SQLITE_DIALECT).sql],
    ['aggregate, unfiltered', aggregateSql(groups(), SHAPE, SQLITE_DIALECT).sql],
    ['aggregate, filtered', aggregateSql(groups({ filters: NO_MATCH }), SHAPE, SQLITE_DIALECT).sql],
  ]
  for (const [name, sql] of cases) t.ok(sql.includes(WHERE_FIRST), name)
  t.equal(countSql(rows(), SHAPE, SQLITE_DIALECT).sql, 'SELECT count(*) FROM rows', 'an unfiltered count has no WHERE, so SQLite counts pages instead of visiting rows')
})

t.test('SQLite calls the heartbeat while scanning rows that every filter rejects', async (t) => {
  const db = new Database(':memory:')
  t.teardown(() => db.close())
  let beats = 0
  db.function(HEARTBEAT_FUNCTION, { deterministic: false }, () => {
    beats++
    return 1
  })
  db.exec('CREATE TABLE rows (_row INTEGER PRIMARY KEY, id INTEGER, note TEXT)')
  const insert = db.prepare('INSERT INTO rows (id, note) VALUES (?, ?)')
  db.transaction(() => {
    for (let i = 1; i <= 6400; i++) insert.run(i, `note ${i}`)
  })()
  const cases: Array<[string, { sql: string; params: unknown[] }]> = [
    ['rows', rowsSql(rows({ filters: NO_MATCH, sort: [{ field: 'note', descending: false }] }), SHAPE, SQLITE_DIALECT)],
    ['count', countSql(rows({ filters: NO_MATCH }), SHAPE, SQLITE_DIALECT)],
    ['aggregate', aggregateSql(groups({ filters: NO_MATCH }), SHAPE, SQLITE_DIALECT)],
  ]
  for (const [name, { sql, params }] of cases) {
    beats = 0
    t.same(db.prepare(sql).all(...params).length, name === 'count' ? 1 : 0)
    t.equal(beats, 100, `${name}: one beat per 64 rows visited, none of which matched`)
  }
})
