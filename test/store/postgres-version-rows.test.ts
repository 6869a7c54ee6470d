import pg from 'pg'
import t from 'tap'
import { PostgresVersionRows } from '../../src/store/postgres/version-rows.ts'
import { qualifiedTable, versionTableName } from '../../src/store/postgres/version-table.ts'
import { POSTGRES_DIALECT } from '../../src/query/dialects/postgres.ts'
import { rowsSql } from '../../src/query/sql.ts'
import type { RowQuery } from '../../src/query/row-query.ts'
import { entryFor, field, publishTable, type Table } from '../helpers/tables.ts'
import { open } from './contract-fixture.ts'

/**
 * A PostgreSQL version read back walks an index batch by batch, with or without a primary key: a batch
 * that sorted the rest of the table instead would make reading a version quadratic in its rows (the bulk
 * files of a million-row version without a key took minutes). Row queries walk one too, in either direction:
 * a first page that sorted the table would cost a sort of all its rows per request.
 */
t.test('every batch of a version scan is an index walk, not a sort', async (t) => {
  const { store, url } = await open(t, 'postgres')
  const keyed: Table = { fields: [field('id', 'integer'), field('v', 'string')], primaryKey: 'id', rows: Array.from({ length: 50 }, (_, i) => [i, 'x']) }
  const unkeyed: Table = { fields: keyed.fields, rows: keyed.rows }
  const entries = [entryFor('keyed', keyed), entryFor('unkeyed', unkeyed)]
  await store.syncCatalog(entries, new Set(['keyed', 'unkeyed']))
  await publishTable(store, 'keyed', keyed, entries[0])
  await publishTable(store, 'unkeyed', unkeyed, entries[1])
  const pool = new pg.Pool({ connectionString: url })
  t.teardown(() => pool.end())
  // a 50-row table is cheaper to sort than to walk: without sorts, the planner sorts only what no index orders
  const planner = await pool.connect()
  t.teardown(() => planner.release())
  await planner.query('SET enable_sort = off')
  for (const [id, table] of [['keyed', keyed], ['unkeyed', unkeyed]] as const) {
    const statements: pg.QueryConfig[] = []
    const spy = { query: (config: pg.QueryConfig) => (statements.push(config), pool.query(config)) } as unknown as pg.Pool
    const reader = new PostgresVersionRows(spy, qualifiedTable(versionTableName(id, 1)), table.fields, table.primaryKey)
    let rows = 0
    for await (const batch of reader.batches(20)) rows += batch.length
    t.equal(rows, 50, `${id}: every row`)
    t.equal(statements.length, 3, `${id}: a statement per batch`)
    for (const statement of statements) {
      const plan = (await planner.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN ${statement.text}`, values: statement.values })).rows.map((r) => r['QUERY PLAN']).join('\n')
      t.notMatch(plan, /Sort/, `${id}: ${statement.text.slice(-40)} walks an index`)
    }
  }
})

t.test('a page of a row query walks an index in either direction, with or without a primary key', async (t) => {
  const { store, url } = await open(t, 'postgres')
  const fields = [field('id', 'integer'), { ...field('v', 'string'), index: true }]
  const keyed: Table = { fields, primaryKey: 'id', rows: Array.from({ length: 50 }, (_, i) => [i, i % 3 ? 'x' : null]) }
  const unkeyed: Table = { fields, rows: keyed.rows }
  const entries = [entryFor('keyed', keyed), entryFor('unkeyed', unkeyed)]
  await store.syncCatalog(entries, new Set(['keyed', 'unkeyed']))
  await publishTable(store, 'keyed', keyed, entries[0])
  await publishTable(store, 'unkeyed', unkeyed, entries[1])
  const pool = new pg.Pool({ connectionString: url })
  t.teardown(() => pool.end())
  const planner = await pool.connect()
  t.teardown(() => planner.release())
  await planner.query('SET enable_sort = off')
  const sorts: Array<RowQuery['sort']> = [[], [{ field: 'v', descending: false }], [{ field: 'v', descending: true }]]
  for (const id of ['keyed', 'unkeyed']) {
    const { shape } = await store.versionTable(id, 1)
    for (const sort of sorts) {
      const query: RowQuery = { filters: [], sort, fields: ['id', 'v'], limit: 10, count: false, format: 'json' }
      const { sql, params } = rowsSql(query, shape, POSTGRES_DIALECT)
      const plan = (await planner.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN ${sql}`, values: params })).rows.map((r) => r['QUERY PLAN']).join('\n')
      t.notMatch(plan, /Sort/, `${id}, sorted by ${JSON.stringify(sort)}: walks an index`)
    }
  }
})
