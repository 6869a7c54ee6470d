import type pg from 'pg'
import type { CellValue } from '../../desensitise/types.ts'
import type { PublicField, ScanOptions, VersionRowReader } from '../types.ts'
import { quoteIdent, ROW_ID } from './version-table.ts'

/**
 * Reads a version's rows back for the bulk files and the change engine, in key order (the order the row
 * API pages in), as arrays in field order, booleans as booleans. One keyset page per batch, each its own statement, so
 * no connection or snapshot is held between batches and memory holds one batch.
 */
export class PostgresVersionRows implements VersionRowReader {
  private readonly key: string
  /** The order of the index each batch walks: every index of a version table is NULLS FIRST (version-table.ts). */
  private readonly order: string

  constructor(private readonly pool: pg.Pool, private readonly table: string, private readonly fields: readonly PublicField[], primaryKey: string | undefined) {
    this.key = quoteIdent(primaryKey ?? ROW_ID)
    this.order = `${this.key} NULLS FIRST`
  }

  async *batches(size: number, options: ScanOptions = {}): AsyncGenerator<CellValue[][]> {
    const columns = [...this.fields.map((f) => quoteIdent(f.name)), this.key].join(', ')
    const width = this.fields.length
    let after = options.after
    for (;;) {
      const where = after === undefined ? '' : `WHERE ${this.key} > $2`
      const params = after === undefined ? [size] : [size, after]
      const { rows } = await this.pool.query<CellValue[]>({ text: `SELECT ${columns} FROM ${this.table} ${where} ORDER BY ${this.order} LIMIT $1`, values: params, rowMode: 'array' })
      if (rows.length === 0) return
      after = (rows[rows.length - 1] as CellValue[])[width] as CellValue
      // the key column is the last: a keyed scan keeps it
      if (!options.withKey) for (const row of rows) row.length = width
      yield rows
      if (rows.length < size) return
    }
  }

  /** Datetime fields whose every value carries a zone (Z or ±HH:MM): those are instants, typed UTC in Arrow. */
  async zonedDatetimeFields(): Promise<Set<string>> {
    const datetimes = this.fields.filter((f) => f.type === 'datetime')
    if (datetimes.length === 0) return new Set()
    const counts = datetimes.map((f, i) => {
      const column = quoteIdent(f.name)
      return `count(${column}) AS v${i}, count(*) FILTER (WHERE ${column} ~ '(Z|[+-][0-9][0-9]:[0-9][0-9])$') AS z${i}`
    })
    const { rows } = await this.pool.query<Record<string, number>>(`SELECT ${counts.join(', ')} FROM ${this.table}`)
    const row = rows[0] ?? {}
    return new Set(datetimes.filter((_, i) => (row[`v${i}`] ?? 0) > 0 && row[`v${i}`] === row[`z${i}`]).map((f) => f.name))
  }

  async close(): Promise<void> {}
}
