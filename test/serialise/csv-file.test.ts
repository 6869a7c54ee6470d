import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import t from 'tap'
import type { CellValue } from '../../src/desensitise/types.ts'
import { CsvFileSink, gzipFront } from '../../src/materialise/csv-file.ts'
import { createHashedFile } from '../../src/store/hashed-file.ts'
import { rowsToCsv } from '../../src/serialise/csv.ts'
import type { OutputField } from '../../src/serialise/fields.ts'

/**
 * The bulk CSV (written in batches by the materialise step) and a query page (`_format=csv`) are the
 * same writer: for the same rows they are the same bytes, down to an empty string (`""`) against a
 * null (nothing). Ingest stores an empty source cell as null, so the HTTP agreement test
 * (test/server/formats-agree.test.ts) cannot reach the empty string; this one does.
 */
const FIELDS: OutputField[] = [
  { name: 'id', type: 'integer' },
  { name: 'text', type: 'string' },
  { name: 'open', type: 'boolean' },
  { name: 'amount', type: 'number' },
  { name: 'at', type: 'datetime' },
]
const ROWS: CellValue[][] = [
  [1, '', true, 0.1, '2024-01-01T08:00:00+08:00'],
  [2, null, false, null, null],
  [3, '北京,"朝阳"\r\n区', null, -1e-7, '2024-01-01T08:00:00'],
  [9007199254740991, '=1+2', true, 1e21, '2024-06-30T23:59:59.5Z'],
]

t.test('the bulk CSV and its gzip twin equal a query page of the same rows, byte for byte', async (t) => {
  const dir = t.testdir()
  const [csv, gz] = [path.join(dir, 'data.csv'), path.join(dir, 'data.csv.gz')]
  const sink = new CsvFileSink(createHashedFile(csv), createHashedFile(gz, gzipFront()), FIELDS.map((f) => f.name))
  await sink.append(ROWS.slice(0, 2))
  await sink.append(ROWS.slice(2))
  const digests = await sink.close()
  const page = rowsToCsv(ROWS.map((row) => row.map((v) => (typeof v === 'boolean' ? Number(v) : v))), FIELDS)
  t.equal(fs.readFileSync(csv, 'utf8'), page)
  t.equal(zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8'), page)
  t.equal(digests.csv.bytes, Buffer.byteLength(page))
  t.match(page, /\r\n1,"",true,/, 'an empty string is ""')
  t.match(page, /\r\n2,,false,,\r\n/, 'a null is nothing')
})
