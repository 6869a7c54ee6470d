import crypto from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { FieldType } from '../../catalog/schema.ts'
import type { PublicField, RowBatch, RowRejection } from '../types.ts'
import { copyLine, hasNul } from './copy-text.ts'

/**
 * One version's public rows in a PostgreSQL table of its own, loaded through COPY. Strings, dates and
 * datetimes are text in the "C" collation, so that they compare, sort and index byte by byte as in the
 * embedded store; sort indexes put NULL first ascending, SQLite's order, so that a sort is one index walk.
 */
export const ROWS_SCHEMA = 'gongkai_rows'
/** Source data-row number; the internal key and the tie-breaker when a dataset has no primary key. */
export const ROW_ID = '_row'
/** PostgreSQL cuts identifiers at 63 bytes: longer names would be cut and might collide. */
const MAX_IDENTIFIER = 63

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The table's name: `<dataset>__v<n>`, or for a long id a cut id with a digest of the whole. */
export function versionTableName(datasetId: string, version: number): string {
  const suffix = `__v${version}`
  if (Buffer.byteLength(datasetId) + suffix.length <= MAX_IDENTIFIER) return `${datasetId}${suffix}`
  const digest = crypto.createHash('sha256').update(datasetId).digest('hex').slice(0, 12)
  return `${datasetId.slice(0, MAX_IDENTIFIER - suffix.length - digest.length - 1)}_${digest}${suffix}`
}

export function qualifiedTable(name: string): string {
  return `${quoteIdent(ROWS_SCHEMA)}.${quoteIdent(name)}`
}

const COLUMN_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'text COLLATE "C"',
  integer: 'bigint',
  number: 'double precision',
  boolean: 'boolean',
  date: 'text COLLATE "C"',
  datetime: 'text COLLATE "C"',
  year: 'bigint',
}

export interface TableLayout {
  fields: readonly PublicField[]
  primaryKey?: string
  uniqueFields: readonly string[]
}

/** 23505: unique_violation. */
const UNIQUE_VIOLATION = '23505'

/**
 * Builds one table on a connection of its own (`table` is already qualified and quoted: a version's,
 * or a temporary one for a trial). Batches go in by one COPY each; a batch that breaks a unique
 * constraint goes again through a staging table, keeping the first of each value and naming the rest.
 * A batch is turned into COPY text when it is handed over and sent once the batches before it are in,
 * so that the caller may hand over the next while PostgreSQL loads this one (two cores busy, not one).
 */
export class VersionTableWriter {
  private readonly columns: string
  private staged = false
  /** The batches handed over so far, stored in order; settles when the last is in. */
  private loaded: Promise<unknown> = Promise.resolve()

  constructor(private readonly client: pg.PoolClient, private readonly table: string, private readonly layout: TableLayout) {
    this.columns = [ROW_ID, ...layout.fields.map((f) => f.name)].map(quoteIdent).join(', ')
  }

  async create(options: { temporary?: boolean } = {}): Promise<void> {
    const columns = this.layout.fields.map((f) => `${quoteIdent(f.name)} ${COLUMN_TYPES[f.type]}`)
    await this.client.query(`CREATE ${options.temporary ? 'TEMPORARY ' : ''}TABLE ${this.table} (${ROW_ID} bigint NOT NULL, ${columns.join(', ')})`)
    // unique indexes exist while loading so that a duplicate is rejected with its row number
    for (const name of this.layout.uniqueFields) await this.client.query(`CREATE UNIQUE INDEX ON ${this.table} (${quoteIdent(name)} NULLS FIRST)`)
  }

  async insert(batch: RowBatch): Promise<RowRejection[]> {
    const names = this.layout.fields.map((f) => f.name)
    const rejections: RowRejection[] = []
    const lines: string[] = []
    const kept: number[] = []
    batch.rows.forEach((row, index) => {
      const line = copyLine([batch.rowNumbers[index] as number, ...names.map((n) => row[n] ?? null)])
      // one scan of the line; the cell is looked for only in the rare row that has one
      if (line.includes('\u0000')) {
        const field = names.find((n) => hasNul(row[n] ?? null)) as string
        return rejections.push({ index, field, reason: 'contains the character U+0000, which the database cannot store' })
      }
      kept.push(index)
      lines.push(line)
    })
    if (lines.length === 0) return this.loaded.then(() => rejections)
    // after the batches before it (a failed one fails those after it), checked against every earlier row
    const stored = this.loaded.then(async () => {
      try {
        await this.copy(this.table, lines)
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error
        rejections.push(...await this.insertChecked(lines, kept.map((i) => batch.rowNumbers[i] as number), batch))
        rejections.sort((a, b) => a.index - b.index)
      }
      return rejections
    })
    this.loaded = stored
    // the caller hears of a failure from its own call; this chain only orders the batches
    stored.catch(() => undefined)
    return stored
  }

  /** Waits for the batches handed over; whatever failed was reported to its caller. */
  private async settled(): Promise<void> {
    await this.loaded.catch(() => undefined)
  }

  private async copy(table: string, lines: readonly string[]): Promise<void> {
    await pipeline(Readable.from([lines.join('')]), this.client.query(copyFrom(`COPY ${table} (${this.columns}) FROM STDIN`)))
  }

  /** The batch through a staging table: the first row of each unique value is kept, in row order; later ones are named. */
  private async insertChecked(lines: readonly string[], rowNumbers: readonly number[], batch: RowBatch): Promise<RowRejection[]> {
    if (!this.staged) {
      await this.client.query(`CREATE TEMPORARY TABLE gongkai_stage (LIKE ${this.table})`)
      this.staged = true
    }
    await this.client.query('TRUNCATE gongkai_stage')
    await this.copy('gongkai_stage', lines)
    const inserted = await this.client.query<{ row: number }>(
      `INSERT INTO ${this.table} (${this.columns}) SELECT ${this.columns} FROM gongkai_stage ORDER BY ${ROW_ID} ON CONFLICT DO NOTHING RETURNING ${ROW_ID} AS row`,
    )
    const stored = new Set(inserted.rows.map((r) => r.row))
    const indexOf = new Map(batch.rowNumbers.map((n, i) => [n, i]))
    const rejected = rowNumbers.filter((n) => !stored.has(n))
    if (rejected.length === 0) return []
    // the field each rejected row collided on: the first unique field whose value a stored row holds
    const tests = this.layout.uniqueFields.map((f) => `WHEN EXISTS (SELECT 1 FROM ${this.table} t WHERE t.${quoteIdent(f)} = s.${quoteIdent(f)}) THEN ${literal(f)}`)
    const fields = await this.client.query<{ row: number; field: string | null }>(
      `SELECT s.${ROW_ID} AS row, CASE ${tests.join(' ')} END AS field FROM gongkai_stage s WHERE s.${ROW_ID} = ANY($1::bigint[])`,
      [rejected],
    )
    return fields.rows.map(({ row, field }) => {
      const name = field ?? 'unknown'
      return { index: indexOf.get(row) as number, field: name, reason: `duplicate value; ${name} must be unique` }
    })
  }

  async removeSmallGroups(columns: readonly string[], k: number): Promise<number[]> {
    await this.settled()
    const cols = columns.map(quoteIdent).join(', ')
    const matchGroup = columns.map((c) => `r.${quoteIdent(c)} IS NOT DISTINCT FROM g.${quoteIdent(c)}`).join(' AND ')
    const removed = await this.client.query<{ row: number }>(
      `DELETE FROM ${this.table} r USING (SELECT ${cols} FROM ${this.table} GROUP BY ${cols} HAVING count(*) < $1) g WHERE ${matchGroup} RETURNING r.${ROW_ID} AS row`,
      [k],
    )
    return removed.rows.map((r) => r.row).sort((a, b) => a - b)
  }

  /** Sort indexes (field, tie-breaker), trigram indexes on searchable fields, statistics; the row count. */
  async complete(): Promise<{ rowCount: number }> {
    const { fields, primaryKey, uniqueFields } = this.layout
    const tiebreaker = primaryKey ?? ROW_ID
    await this.settled()
    // every index NULLS FIRST, the never-null row number's too: queries order NULLS FIRST ascending and NULLS
    // LAST descending (query/dialects/postgres.ts), which an index walks only if its columns all say so
    if (!primaryKey) await this.client.query(`CREATE UNIQUE INDEX ON ${this.table} (${ROW_ID} NULLS FIRST)`)
    for (const field of fields) {
      if (field.index && field.name !== primaryKey && !uniqueFields.includes(field.name)) {
        await this.client.query(`CREATE INDEX ON ${this.table} (${quoteIdent(field.name)} NULLS FIRST, ${quoteIdent(tiebreaker)} NULLS FIRST)`)
      }
    }
    // case-sensitive LIKE '%…%' is answered from these, Chinese substrings of any length included
    for (const field of fields.filter((f) => f.searchable)) {
      await this.client.query(`CREATE INDEX ON ${this.table} USING gin (${quoteIdent(field.name)} gin_trgm_ops)`)
    }
    await this.client.query(`ANALYZE ${this.table}`)
    const counted = await this.client.query<{ count: number }>(`SELECT count(*) AS count FROM ${this.table}`)
    return { rowCount: counted.rows[0]?.count ?? 0 }
  }

  async drop(): Promise<void> {
    await this.settled()
    await this.client.query(`DROP TABLE IF EXISTS ${this.table}`)
    if (this.staged) await this.client.query('DROP TABLE IF EXISTS gongkai_stage')
    this.staged = false
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** The table layout for a plan: unique indexes on the primary key and the fields declared unique. */
export function tableLayout(plan: { fields: readonly PublicField[]; primaryKey?: string; uniqueFields?: readonly string[] }): TableLayout {
  const uniqueFields = plan.fields.filter((f) => f.name === plan.primaryKey || plan.uniqueFields?.includes(f.name)).map((f) => f.name)
  return { fields: plan.fields, uniqueFields, ...(plan.primaryKey ? { primaryKey: plan.primaryKey } : {}) }
}
