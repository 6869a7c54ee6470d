import { tableFromIPC, type Table } from 'apache-arrow'
import t from 'tap'
import type { FieldType } from '../../src/catalog/schema.ts'
import type { CellValue } from '../../src/desensitise/types.ts'
import { ArrowFileSink } from '../../src/serialise/arrow-file.ts'
import { rowsToArrow } from '../../src/serialise/arrow-page.ts'
import { arrowSchema } from '../../src/serialise/arrow-schema.ts'
import type { OutputField } from '../../src/serialise/fields.ts'

/** The bytes an Arrow file sink writes, kept in memory; closing says how many chunks came. */
function memoryFile() {
  const chunks: Uint8Array[] = []
  return {
    chunks,
    bytes: () => Buffer.concat(chunks),
    destination: { write: async (chunk: Uint8Array) => void chunks.push(chunk.slice()), close: async () => chunks.length, destroy: () => undefined },
  }
}

const typeNames = (table: Table): string[] => table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)
const values = (table: Table): unknown[] => table.toArray().map((r) => r.toJSON())

t.test('each field type has its Arrow type; a datetime column is UTC exactly when it is zoned', async (t) => {
  const cases: Array<[FieldType, boolean, string]> = [
    ['integer', false, 'Int64'],
    ['year', false, 'Int64'],
    ['number', false, 'Float64'],
    ['boolean', false, 'Bool'],
    ['date', false, 'Date32<DAY>'],
    ['datetime', false, 'Timestamp<MILLISECOND>'],
    ['datetime', true, 'Timestamp<MILLISECOND, UTC>'],
    ['string', false, 'Utf8'],
  ]
  for (const [type, zoned, expected] of cases) {
    const page = tableFromIPC(rowsToArrow([], [{ name: 'c', type, ...(zoned ? { zoned } : {}) }]))
    t.same(typeNames(page), [`c:${expected}`], `${type}${zoned ? ' (zoned)' : ''}: query page`)
    const schema = arrowSchema([{ name: 'c', type, title: 'C' }], undefined, new Set(zoned ? ['c'] : []), new Map())
    t.equal(String(schema.fields[0]?.type), expected, `${type}${zoned ? ' (zoned)' : ''}: bulk schema`)
  }
})

const FIELDS: OutputField[] = [
  { name: 'id', type: 'integer' },
  { name: 'text', type: 'string' },
  { name: 'open', type: 'boolean' },
  { name: 'amount', type: 'number' },
  { name: 'day', type: 'date' },
  { name: 'at_zoned', type: 'datetime', zoned: true },
  { name: 'at_local', type: 'datetime' },
  { name: 'built', type: 'year' },
]
// booleans as the bulk path reads them (true/false); the query page gets SQLite's 0/1 (below)
const ROWS: CellValue[][] = [
  [9007199254740991, '', true, 0.1, '2024-02-29', '2024-01-01T08:00:00+08:00', '2024-01-01T08:00:00', 1990],
  [-9007199254740991, null, false, null, null, null, null, null],
  [3, '北京,"朝阳"\r\n区', null, -1e-7, '0050-06-15', '2024-06-30T23:59:59.5Z', '2024-06-30T23:59:59.123456', 2024],
  [4, 'x', true, 123456.789, '1970-01-01', '1970-01-01T00:00:00-05:30', '1970-01-01T00:00:00', 1900],
  [5, 'y', false, 1e21, '2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5', 2000],
]
const asSqlite = (rows: CellValue[][]): CellValue[][] => rows.map((row) => row.map((v) => (typeof v === 'boolean' ? Number(v) : v)))

t.test('a query page holds the values: 64-bit integers, booleans from 0/1, days, instants and wall-clock times', async (t) => {
  const page = tableFromIPC(rowsToArrow(asSqlite(ROWS), FIELDS))
  t.equal(page.batches.length, 1, 'one record batch per page')
  t.same(values(page)[0], {
    id: 9007199254740991n, text: '', open: true, amount: 0.1, day: Date.UTC(2024, 1, 29),
    at_zoned: Date.UTC(2024, 0, 1, 0), at_local: Date.UTC(2024, 0, 1, 8), built: 1990n,
  })
  t.same(values(page)[1], { id: -9007199254740991n, text: null, open: false, amount: null, day: null, at_zoned: null, at_local: null, built: null }, 'nulls stay null, the empty string stays empty')
  t.equal(page.getChild('text')?.get(2), '北京,"朝阳"\r\n区')
  t.equal(page.getChild('at_local')?.get(2), Date.UTC(2024, 5, 30, 23, 59, 59, 123), 'digits beyond milliseconds dropped')
})

t.test('the streamed bulk file holds the same schema types and values as a page, in as many batches as it needs', async (t) => {
  const file = memoryFile()
  const schema = arrowSchema(FIELDS.map((f) => ({ ...f, title: f.name })), 'id', new Set(['at_zoned']), new Map([['gongkai:version', '1']]))
  const sink = new ArrowFileSink(schema, FIELDS.map((f) => f.type), file.destination, 2)
  await sink.append(ROWS.slice(0, 3))
  const afterFirstBatch = file.chunks.length
  t.ok(afterFirstBatch > 0, 'a full batch is written before the rows end (bounded memory)')
  await sink.append(ROWS.slice(3))
  await sink.close()
  const bulk = tableFromIPC(file.bytes())
  const page = tableFromIPC(rowsToArrow(asSqlite(ROWS), FIELDS))
  t.equal(bulk.batches.length, 3, '5 rows in batches of 2')
  t.same(typeNames(bulk), typeNames(page))
  t.same(values(bulk), values(page))
  t.same(bulk.schema.fields.map((f) => f.nullable), [false, true, true, true, true, true, true, true], 'the primary key is the only non-nullable column of the file')
  t.equal(bulk.schema.fields[0]?.metadata.get('title'), 'id')
  t.equal(bulk.schema.metadata.get('gongkai:version'), '1')
})

t.test('a bulk file without rows is a valid, typed, empty file', async (t) => {
  const file = memoryFile()
  const sink = new ArrowFileSink(arrowSchema(FIELDS, undefined, new Set(), new Map()), FIELDS.map((f) => f.type), file.destination)
  t.equal(await sink.close(), file.chunks.length, 'close answers what the destination closes with')
  const table = tableFromIPC(file.bytes())
  t.equal(table.numRows, 0)
  t.equal(table.schema.fields.length, FIELDS.length)
})
