import Database from 'better-sqlite3'
import { createPrivateFile } from '../private-files.ts'
import type { FieldType } from '../../catalog/schema.ts'
import type { CellValue } from '../../desensitise/types.ts'
import type { PublicField, RowBatch, RowRejection } from '../types.ts'

/**
 * One version's public rows in a SQLite file of its own. Building in a private file means a reader
 * never sees a half-built version, a failed build is removed by deleting a directory, and bulk
 * loading can skip the journal (the file is thrown away if anything fails).
 */

/** Source data-row number; the internal key and the tie-breaker when a dataset has no primary key. */
export const ROW_ID = '_row'
export const ROWS_FILE = 'rows.sqlite'
/** The table of a version's rows inside its file. */
export const ROWS_TABLE = 'rows'
const ROWS_PER_INSERT = 64
/** SQLite's limit on the parameters of one statement (SQLITE_MAX_VARIABLE_NUMBER in better-sqlite3's build). */
const MAX_VARIABLES = 32766

/** Rows per multi-row INSERT: 64, fewer for wide tables (600 columns × 64 rows passed SQLite's limit). */
function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_VARIABLES / columns)))
}

const SQL_TYPES: Readonly<Record<FieldType, 'INTEGER' | 'REAL' | 'TEXT'>> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
  year: 'INTEGER',
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export function toSqlValue(value: CellValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}

export interface VersionLayout {
  fields: readonly PublicField[]
  primaryKey?: string
  uniqueFields: readonly string[]
}

export class VersionFileWriter {
  private readonly db: Database.Database
  private readonly insertRow: Database.Statement
  private readonly insertMany: Database.Statement
  private readonly insertBatch: (batch: RowBatch) => RowRejection[]

  constructor(file: string, private readonly layout: VersionLayout) {
    createPrivateFile(file)
    this.db = new Database(file)
    this.db.pragma('journal_mode = OFF')
    this.db.pragma('synchronous = OFF')
    this.db.pragma('locking_mode = EXCLUSIVE')
    this.db.pragma('cache_size = -16384')
    // the sorter behind CREATE INDEX may use the second core (2.4 s → 2.0 s for the benchmark's four indexes)
    this.db.pragma('threads = 2')
    const columns = layout.fields.map((f) => `${quoteIdent(f.name)} ${SQL_TYPES[f.type]}`)
    this.db.exec(`CREATE TABLE rows (${ROW_ID} INTEGER PRIMARY KEY, ${columns.join(', ')}) STRICT`)
    // unique indexes exist while loading so that a duplicate is rejected with its row number
    for (const name of layout.uniqueFields) {
      this.db.exec(`CREATE UNIQUE INDEX ${quoteIdent(`unique_${name}`)} ON rows (${quoteIdent(name)})`)
    }
    const tuple = `(${['?', ...layout.fields.map(() => '?')].join(', ')})`
    this.insertRow = this.db.prepare(`INSERT INTO rows VALUES ${tuple}`)
    const names = layout.fields.map((f) => f.name)
    const width = names.length + 1
    const perInsert = rowsPerInsert(width)
    // one statement per perInsert rows: the per-call overhead, not SQLite, dominated row-at-a-time inserts
    this.insertMany = this.db.prepare(`INSERT INTO rows VALUES ${Array(perInsert).fill(tuple).join(', ')}`)
    const one: Array<string | number | null> = new Array(width)
    const many: Array<string | number | null> = new Array(width * perInsert)
    const fill = (args: Array<string | number | null>, at: number, batch: RowBatch, i: number): void => {
      const row = batch.rows[i] as Record<string, CellValue>
      args[at] = batch.rowNumbers[i] as number
      for (let c = 0; c < names.length; c++) args[at + c + 1] = toSqlValue(row[names[c] as string] ?? null)
    }
    const insertOne = (batch: RowBatch, i: number, rejections: RowRejection[]): void => {
      fill(one, 0, batch, i)
      try {
        this.insertRow.run(one)
      } catch (error) {
        const field = uniqueViolation(error)
        if (field === undefined) throw error
        rejections.push({ index: i, field, reason: `duplicate value; ${field} must be unique` })
      }
    }
    this.insertBatch = this.db.transaction((batch: RowBatch) => {
      const rejections: RowRejection[] = []
      let i = 0
      for (; i + perInsert <= batch.rows.length; i += perInsert) {
        for (let r = 0; r < perInsert; r++) fill(many, r * width, batch, i + r)
        try {
          this.insertMany.run(many)
        } catch (error) {
          if (uniqueViolation(error) === undefined) throw error
          // the statement was undone as a whole; find the duplicates row by row
          for (let r = 0; r < perInsert; r++) insertOne(batch, i + r, rejections)
        }
      }
      for (; i < batch.rows.length; i++) insertOne(batch, i, rejections)
      return rejections
    })
  }

  insert(batch: RowBatch): RowRejection[] {
    return this.insertBatch(batch)
  }

  removeSmallGroups(columns: readonly string[], k: number): number[] {
    const cols = columns.map(quoteIdent).join(', ')
    const matchGroup = columns.map((c) => `r.${quoteIdent(c)} IS g.${quoteIdent(c)}`).join(' AND ')
    const small = `SELECT ${cols} FROM rows GROUP BY ${cols} HAVING count(*) < ?`
    const rowNumbers = this.db
      .prepare(`SELECT r.${ROW_ID} FROM rows r JOIN (${small}) g ON ${matchGroup} ORDER BY r.${ROW_ID}`)
      .pluck()
      .all(k) as number[]
    const remove = this.db.prepare(`DELETE FROM rows WHERE ${ROW_ID} = ?`)
    this.db.transaction(() => rowNumbers.forEach((n) => remove.run(n)))()
    return rowNumbers
  }

  complete(): { rowCount: number } {
    const { fields, primaryKey, uniqueFields } = this.layout
    // (field, tie-breaker): a sort on the field, paged by keyset, is one walk of this index
    const tiebreaker = primaryKey ?? ROW_ID
    for (const field of fields) {
      if (field.index && field.name !== primaryKey && !uniqueFields.includes(field.name)) {
        const columns = tiebreaker === ROW_ID ? quoteIdent(field.name) : `${quoteIdent(field.name)}, ${quoteIdent(tiebreaker)}`
        this.db.exec(`CREATE INDEX ${quoteIdent(`index_${field.name}`)} ON rows (${columns})`)
      }
    }
    const searchable = fields.filter((f) => f.searchable).map((f) => quoteIdent(f.name))
    if (searchable.length > 0) {
      // trigram tokens match Chinese substrings of three or more characters; case-sensitive like instr()
      this.db.exec(`CREATE VIRTUAL TABLE rows_fts USING fts5 (${searchable.join(', ')}, content = 'rows', content_rowid = '${ROW_ID}', tokenize = 'trigram case_sensitive 1')`)
      this.db.exec(`INSERT INTO rows_fts (rows_fts) VALUES ('rebuild')`)
    }
    // full statistics (about half a second per million rows): sampled ones said a value common to
    // 50,000 rows matched 1,000, and the query planner chose plans sorting tens of thousands of rows
    this.db.exec('ANALYZE')
    const rowCount = this.db.prepare('SELECT count(*) FROM rows').pluck().get() as number
    this.db.pragma('locking_mode = NORMAL')
    this.db.pragma('journal_mode = DELETE')
    this.db.close()
    return { rowCount }
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof Database.SqliteError) || error.code !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined
  return /rows\.(\w+)/.exec(error.message)?.[1] ?? 'unknown'
}

/** Read side of a sealed version file: read-only, with boolean columns turned back into booleans. */
export class VersionFileReader {
  readonly db: Database.Database
  private readonly page: Database.Statement
  private readonly pageAfter: Database.Statement
  private readonly booleans: string[]

  constructor(file: string, fields: readonly PublicField[], readonly primaryKey: string | undefined) {
    this.db = new Database(file, { readonly: true, fileMustExist: true })
    const key = quoteIdent(primaryKey ?? ROW_ID)
    const columns = fields.map((f) => quoteIdent(f.name)).join(', ')
    const keyColumn = primaryKey ? '' : `, ${ROW_ID}`
    this.page = this.db.prepare(`SELECT ${columns}${keyColumn} FROM rows ORDER BY ${key} LIMIT ?`)
    this.pageAfter = this.db.prepare(`SELECT ${columns}${keyColumn} FROM rows WHERE ${key} > ? ORDER BY ${key} LIMIT ?`)
    this.booleans = fields.filter((f) => f.type === 'boolean').map((f) => f.name)
  }

  /** Average rows per distinct value of each indexed field, from ANALYZE (sqlite_stat1). */
  rowsPerValue(): Map<string, number> {
    const stats = this.db.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'rows' AND idx IS NOT NULL").all() as Array<{ idx: string; stat: string }>
    const result = new Map<string, number>()
    for (const { idx, stat } of stats) {
      const field = /^(?:index|unique)_(.+)$/.exec(idx)?.[1]
      const perValue = Number(stat.split(' ')[1])
      if (field && Number.isFinite(perValue)) result.set(field, perValue)
    }
    return result
  }

  readPage(after: CellValue | undefined, limit: number): Array<Record<string, CellValue>> {
    const rows = (after === undefined ? this.page.all(limit) : this.pageAfter.all(toSqlValue(after), limit)) as Array<Record<string, CellValue>>
    if (this.booleans.length > 0) {
      for (const row of rows) for (const name of this.booleans) if (row[name] !== null) row[name] = row[name] === 1
    }
    return rows
  }

  close(): void {
    this.db.close()
  }
}
