/**
 * Source cells never reach a message raw (SPEC §4): header problems (a file without a header row,
 * whose first row is a name, an ID and a mobile) and numbers a double cannot hold, in the CLI's
 * stderr and in the stored ingest report alike.
 */
import t, { type Test } from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, type Fixture } from '../helpers/fixture.ts'

const ID = '11010519491231002X'
const MOBILE = '13812345678'

const CATALOG = (fields: string, onError = 'fail') => `id: people
title: 人员名单
provider: { name: 测试单位 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: people.csv, on_error: ${onError} }
fields:
${fields}`

const PERSONAL = `  - { name: name, type: string, title: 姓名, pii: name, rule: mask }
  - { name: id_number, type: string, title: 身份证号, pii: id_card, rule: hash }
  - { name: mobile, type: string, title: 手机, pii: mobile, rule: mask }
`

async function ingestFails(t: Test, fx: Fixture): Promise<string> {
  const run = await fx.cli('ingest')
  t.equal(run.code, 1, 'the ingest fails')
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('people', 1)
  return `${run.stdout}\n${run.stderr}\n${JSON.stringify(report)}`
}

t.test('a file without a header row: its first row is shown masked, with a hint', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', CATALOG(PERSONAL))
  fx.writeSource('people.csv', `张三丰,${ID},${MOBILE}\n李四,440524188001010014,13987654321\n`)
  const out = await ingestFails(t, fx)
  t.match(out, /header: missing columns "name", "id_number", "mobile"; unexpected columns "张\*\*", "110105\*\*\*\*\*\*\*\*002X", "138\*\*\*\*5678" \(not in the catalog's fields\); no cell of the first row is a field name: is the header row missing\?/)
  for (const raw of ['张三丰', ID, MOBILE]) t.notOk(out.includes(raw), `no raw ${raw} in stderr or the report`)
})

t.test('header cells shaped like field names are shown as they are; duplicates masked too', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', CATALOG(PERSONAL))
  fx.writeSource('people.csv', `name,id_numbr,mobile,１３８１２３４５６７８,１３８１２３４５６７８\n张三丰,${ID},${MOBILE},1,2\n`)
  const out = await ingestFails(t, fx)
  t.match(out, /header: missing column "id_number"; unexpected columns "id_numbr", "138\*\*\*\*5678", "138\*\*\*\*5678" \(not in the catalog's fields\); duplicate column "138\*\*\*\*5678"/)
  t.notOk(out.includes('１３８１２３４５６７８'))
})

const ID_DIGITS = '440524188001010014'

t.test('a number field holding ID numbers: a coercion error saying to declare it as string, without the value', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', CATALOG('  - { name: n, type: integer, title: 序号 }\n  - { name: code, type: number, title: 编号 }\n'))
  fx.writeSource('people.csv', `n,code\n1,1234\n2,${ID_DIGITS}\n`)
  const out = await ingestFails(t, fx)
  t.match(out, /row 2 \(line 3\), field "code": 18 significant digits are more than a number holds exactly \(it would be stored rounded\); declare the field as type: string/)
  t.notOk(out.includes(ID_DIGITS))
  t.notOk(out.includes(String(Number(ID_DIGITS))), 'nor the rounded value')
  t.notOk(out.includes(ID_DIGITS.slice(0, 14)), 'nor its area code and birth date')
})

t.test('on_error skip: the rejection in the report does not show it either', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', CATALOG('  - { name: n, type: integer, title: 序号 }\n  - { name: code, type: number, title: 编号 }\n', 'skip'))
  fx.writeSource('people.csv', `n,code\n1,1234\n2,${ID_DIGITS}\n`)
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('people', 1)
  const text = JSON.stringify(report)
  t.match(text, /"row":2,"line":3,"field":"code","reason":"18 significant digits are more than a number holds exactly/)
  t.notOk(text.includes(ID_DIGITS.slice(0, 14)))
})

t.test('a number field of mobiles that a double holds: the leak guard scans them as text', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', CATALOG('  - { name: n, type: integer, title: 序号 }\n  - { name: contact, type: number, title: 联系 }\n'))
  fx.writeSource('people.csv', `n,contact\n1,${MOBILE}\n2,13987654321.5\n`)
  const out = await ingestFails(t, fx)
  t.match(out, /leak guard: field "contact": 1 value contains mobile \(row 1\); e\.g\. "138\*\*\*\*5678"/)
  t.notOk(out.includes(MOBILE))
})
