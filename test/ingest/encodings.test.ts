import iconv from 'iconv-lite'
import t, { type Test } from 'tap'
import { makeFixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

const CATALOG = (encoding: string) => `id: notes
title: 编码测试
provider: { name: 测试单位 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: notes.csv, encoding: ${encoding} }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号 }
  - { name: text, type: string, title: 内容 }
`

// Each value is an RFC 4180 edge case; `csv` is how it is written in the file.
const VALUES: Array<{ value: string | null; csv: string }> = [
  { value: '北京市,朝阳区', csv: '"北京市,朝阳区"' },
  { value: '他说"你好"', csv: '"他说""你好"""' },
  { value: '第一行\r\n第二行', csv: '"第一行\r\n第二行"' },
  { value: '上\n下', csv: '"上\n下"' },
  { value: null, csv: '' },
  { value: '  前后空格  ', csv: '"  前后空格  "' },
  { value: '园林绿化 龘 䶮', csv: '园林绿化 龘 䶮' },
]
const NON_BMP = { value: '𠮷野家 𪚥', csv: '"𠮷野家 𪚥"' }

function csvText(values: typeof VALUES, lineEnd: string): string {
  // no final newline: the last record ends at the end of the file
  return ['id,text', ...values.map((v, i) => `${i + 1},${v.csv}`)].join(lineEnd)
}

async function roundTrip(t: Test, encoding: string, bytes: Buffer, values: typeof VALUES, expectedEncoding: string) {
  const fx = makeFixture(t)
  fx.writeCatalog('notes', CATALOG(encoding))
  fx.writeSource('notes.csv', bytes)
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, new RegExp(`published version 1: ${values.length} of ${values.length} rows, ${expectedEncoding}`))
  const app = await appFor(t, fx)
  const rows = (await app.inject('/api/v1/datasets/notes/rows')).json().rows
  t.same(rows.map((r: { text: string | null }) => r.text), values.map((v) => v.value))
}

t.test('UTF-8 with BOM and CRLF records round-trip exactly, characters outside the BMP included', async (t) => {
  const values = [...VALUES, NON_BMP]
  await roundTrip(t, 'auto', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(values, '\r\n'))]), values, 'utf-8')
})

t.test('UTF-8 without BOM, LF records, declared', async (t) => {
  const values = [...VALUES, NON_BMP]
  await roundTrip(t, 'utf-8', Buffer.from(csvText(values, '\n')), values, 'utf-8')
})

t.test('GB18030 detected automatically round-trips exactly, four-byte characters included', async (t) => {
  const values = [...VALUES, NON_BMP]
  const bytes = iconv.encode(csvText(values, '\r\n'), 'gb18030')
  t.notOk(Buffer.from(bytes.toString('utf8')).equals(bytes), 'the file is not UTF-8')
  await roundTrip(t, 'auto', bytes, values, 'gb18030')
})

t.test('GB18030 declared', async (t) => {
  await roundTrip(t, 'gb18030', iconv.encode(csvText(VALUES, '\n'), 'gb18030'), VALUES, 'gb18030')
})

t.test('a GBK file declared as UTF-8 fails with the byte offset and a hint', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('notes', CATALOG('utf-8'))
  fx.writeSource('notes.csv', iconv.encode(csvText(VALUES, '\n'), 'gbk'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /notes\.csv: not valid UTF-8 at byte 11; declare source\.encoding: gb18030/)
})

t.test('a malformed quote is a CSV syntax error with its line', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('notes', CATALOG('utf-8'))
  fx.writeSource('notes.csv', 'id,text\n1,ok\n2,"broken"x\n3,fine\n')
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /notes\.csv: line 3: CSV syntax error: invalid closing quote/)
})

t.test('an empty file says a header is expected', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('notes', CATALOG('utf-8'))
  fx.writeSource('notes.csv', '')
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /notes\.csv: the file is empty; expected a header row/)
})
