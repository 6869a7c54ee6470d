import { tableFromIPC, type Table } from 'apache-arrow'
import t, { type Test } from 'tap'
import { makeFixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/**
 * One serialiser per format (issue 11 §1): the same rows give the same CSV bytes through a query
 * (`_format=csv`, all rows in one page) and the bulk download, and the same Arrow types and values
 * through a query (IPC stream) and the bulk file (IPC file). An empty source cell is stored as
 * null, so no ingested row holds an empty string: the "" against nothing case is pinned where the
 * rows can be given directly (test/serialise/csv-file.test.ts).
 */
const CATALOG = `id: formats
title: 格式一致性
provider: { name: 测试局 }
theme: 生态环境
grade: 1
open: unconditional
source: { path: formats.csv }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号 }
  - { name: text, type: string, title: 文本 }
  - { name: at_zoned, type: datetime, title: 带时区时间 }
  - { name: at_local, type: datetime, title: 本地时间 }
  - { name: day, type: date, title: 日期 }
  - { name: open, type: boolean, title: 是否 }
  - { name: big, type: integer, title: 大整数 }
  - { name: amount, type: number, title: 金额, unit: 元 }
  - { name: built, type: year, title: 年份 }
`
const SOURCE = `id,text,at_zoned,at_local,day,open,big,amount,built
1,"说 ""你好""",2024-01-01T08:00:00+08:00,2024-01-01T08:00:00,2024-02-29,true,9007199254740991,0.1,1990
2,,,,,,,,
3,"a,b",2024-06-30T23:59:59.5Z,2024-06-30 23:59:59.123,1999-12-31,否,-9007199254740991,-2.5,2024
4,"两行
文本",1970-01-01T00:00:00-05:30,1970-01-01T00:00,1970-01-01,是,0,123456.789,1900
5,"CR\r\nLF 北京市朝阳区",2024-01-01T00:00:00Z,2024-01-01T00:00:00,0050-06-15,false,-1,3.141592653589793,2000
6, padded ,2024-03-10T12:00:00+05:45,2024-03-10T12:00:00,2024-03-10,1,42,1e-7,2001
`

async function formats(t: Test) {
  const fx = makeFixture(t)
  fx.writeCatalog('formats', CATALOG)
  fx.writeSource('formats.csv', SOURCE)
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  return appFor(t, fx)
}

const ROWS = '/api/v1/datasets/formats/rows?_limit=10000'
const typeNames = (table: Table): string[] => table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)

t.test('a query in CSV and the downloaded CSV are the same bytes', async (t) => {
  const app = await formats(t)
  const [page, download] = await Promise.all([app.inject(`${ROWS}&_format=csv`), app.inject('/api/v1/datasets/formats/download.csv')])
  t.equal(page.statusCode, 200)
  t.equal(download.statusCode, 200)
  t.equal(page.headers.link, undefined, 'all rows in one page')
  t.equal(page.body, download.body)
  t.ok(Buffer.from(page.rawPayload).equals(Buffer.from(download.rawPayload)), 'byte for byte')
  t.match(page.body, /\r\n2,,,,,,,,\r\n/, 'nulls are empty fields')
  t.match(page.body, /\r\n5,"CR\r\nLF 北京市朝阳区",/, 'line breaks quoted, Chinese as UTF-8')
})

t.test('a query in Arrow and the downloaded Arrow file have the same types and values', async (t) => {
  const app = await formats(t)
  const [page, download] = await Promise.all([app.inject(`${ROWS}&_format=arrow`), app.inject('/api/v1/datasets/formats/download.arrow')])
  t.equal(page.statusCode, 200)
  t.equal(download.statusCode, 200)
  const [stream, file] = [tableFromIPC(page.rawPayload), tableFromIPC(download.rawPayload)]
  t.equal(stream.numRows, 6)
  t.same(stream.toArray().map((r) => r.toJSON()), file.toArray().map((r) => r.toJSON()), 'values agree')
  t.same(typeNames(file), [
    'id:Int64', 'text:Utf8', 'at_zoned:Timestamp<MILLISECOND, UTC>', 'at_local:Timestamp<MILLISECOND>', 'day:Date32<DAY>',
    'open:Bool', 'big:Int64', 'amount:Float64', 'built:Int64',
  ], 'the bulk file types a zoned column UTC and a wall-clock one without zone')
  t.same(typeNames(stream), typeNames(file), 'Arrow schemas agree, the zoned column UTC in both')
})

t.test('an aggregate in Arrow types the groups and extremes of a zoned column UTC, of a wall-clock one without zone', async (t) => {
  const app = await formats(t)
  const res = await app.inject('/api/v1/datasets/formats/aggregate?_group_by=at_zoned&_agg=max:at_local,min:at_zoned,count&_format=arrow')
  t.equal(res.statusCode, 200)
  t.same(typeNames(tableFromIPC(res.rawPayload)), [
    'at_zoned:Timestamp<MILLISECOND, UTC>', 'max_at_local:Timestamp<MILLISECOND>', 'min_at_zoned:Timestamp<MILLISECOND, UTC>', 'count:Int64',
  ])
})
