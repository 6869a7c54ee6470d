import t from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import type { IngestReport } from '../../src/ingest/report.ts'
import { makeFixture, type Fixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

// valid check digits (ISO 7064 MOD 11-2): the two vectors of SPEC §4.2
const ID_A = '11010519491231002X'
const ID_B = '440524188001010014'

const PEOPLE = (id: string, extra = '') => `id: ${id}
title: 人员名单 ${id}
provider: { name: 测试单位 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: ${id}.csv }
primary_key: n
fields:
  - { name: n, type: integer, title: 序号 }
  - { name: name, type: string, title: 姓名, pii: name, rule: mask }
  - { name: id_number, type: string, title: 身份证号, pii: id_card, rule: hash }
  - { name: mobile, type: string, title: 手机, pii: mobile, rule: mask }
  - { name: phone2, type: string, title: 备用电话, pii: mobile, rule: drop }
  - { name: remark, type: string, title: 备注, ${extra || 'rule: redact'} }
`

const PEOPLE_CSV = `n,name,id_number,mobile,phone2,remark
1,张三丰,${ID_A},13812345678,13900001111,请联系13812345678处理
2,李𠮷,${ID_B},15011112222,13900002222,无
`

async function ingest(fx: Fixture) {
  const run = await fx.cli('ingest')
  const store = new SqliteDatasetStore(fx.config.dataDir)
  return { run, store }
}

t.test('rules turn raw rows into public rows: mask, hash, drop, redact', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', PEOPLE('people'))
  fx.writeSource('people.csv', PEOPLE_CSV)
  t.equal((await fx.cli('ingest')).code, 0)
  const app = await appFor(t, fx)
  const { rows } = (await app.inject('/api/v1/datasets/people/rows')).json()
  t.equal(rows[0].name, '张**')
  t.equal(rows[1].name, '李*', 'a name outside the BMP is masked by code point')
  t.equal(rows[0].mobile, '138****5678')
  t.match(rows[0].id_number, /^[0-9a-f]{16}$/)
  t.equal(rows[0].remark, '请联系138****5678处理')
  t.notOk('phone2' in rows[0], 'a dropped column is not served')
  const meta = (await app.inject('/api/v1/datasets/people')).json()
  t.same(meta.fields.map((f: { name: string; rule: unknown }) => [f.name, f.rule]),
    [['n', 'keep'], ['name', 'mask'], ['id_number', 'hash'], ['mobile', 'mask'], ['remark', 'redact']])
  t.notOk(meta.fields.some((f: { name: string }) => f.name === 'phone2'), 'nor is it in the schema')
})

t.test('the same ID number gets the same pseudonym across datasets and versions; another key gives another', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', PEOPLE('people'))
  fx.writeSource('people.csv', PEOPLE_CSV)
  fx.writeCatalog('others', PEOPLE('others'))
  fx.writeSource('others.csv', PEOPLE_CSV.replace('1,张三丰', '7,王五'))
  const { run, store } = await ingest(fx)
  t.equal(run.code, 0, run.stderr)
  const token = async (id: string, version: number, n: number) => (await store.readRows(id, version, { limit: 10 })).rows.find((r) => r.n === n)?.id_number
  const first = await token('people', 1, 1)
  t.equal(await token('others', 1, 7), first, 'same token in another dataset')
  await store.close()

  fx.writeSource('people.csv', `${PEOPLE_CSV}3,赵六,${ID_A},13700000000,13900003333,无\n`)
  const second = await ingest(fx)
  t.equal(second.run.code, 0)
  t.equal((await second.store.readRows('people', 2, { limit: 10 })).rows[2]?.id_number, first, 'same token in a new version')
  await second.store.close()

  const other = makeFixture(t)
  other.env.GONGKAI_PSEUDONYM_KEY = 'a-completely-different-key-987654'
  other.writeCatalog('people', PEOPLE('people'))
  other.writeSource('people.csv', PEOPLE_CSV)
  t.equal((await other.cli('ingest')).code, 0)
  const otherStore = new SqliteDatasetStore(other.config.dataDir)
  t.not((await otherStore.readRows('people', 1, { limit: 1 })).rows[0]?.id_number, first, 'another key gives another pseudonym')
  await otherStore.close()
})

t.test('a keep field holding ID numbers stops the ingest, names field and rows without the raw value, and the previous version stays served', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', PEOPLE('people', 'rule: keep'))
  fx.writeSource('people.csv', PEOPLE_CSV.replace('请联系13812345678处理', '已处理'))
  t.equal((await fx.cli('ingest')).code, 0, 'clean remarks publish')
  fx.writeSource('people.csv', `${PEOPLE_CSV.replace('请联系13812345678处理', '已处理')}3,赵六,${ID_B},13700000000,13900003333,经办人身份证${ID_A}已核验\n4,钱七,${ID_B},13700000001,13900003334,身份证号${ID_B}\n`)
  const { run, store } = await ingest(fx)
  t.teardown(() => store.close())
  t.equal(run.code, 1)
  t.match(run.stderr, /people: FAILED: leak guard: field "remark": 2 values contain id_card \(rows 3, 4\)/)
  t.match(run.stderr, /110105\*{8}002X/, 'a masked example')
  t.notMatch(run.stderr, ID_A, 'the raw ID never appears')
  t.notMatch(run.stderr, ID_B)
  t.equal((await store.getDataset('people'))?.current?.version, 1)
  const [report] = await store.listReports('people', 1)
  t.notMatch(JSON.stringify(report), ID_A)
})

t.test('pii: none with a reason publishes the values and reports the findings', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', PEOPLE('people', 'pii: none, reason: 公示的办事电话'))
  fx.writeSource('people.csv', PEOPLE_CSV)
  const { run, store } = await ingest(fx)
  t.teardown(() => store.close())
  t.equal(run.code, 0, run.stderr)
  const [report] = await store.listReports('people', 1)
  const body = report?.report as IngestReport
  t.match(body.leakGuard?.findings, [{ field: 'remark', detector: 'mobile', count: 1, firstRows: [1] }])
  t.equal((await store.readRows('people', 1, { limit: 1 })).rows[0]?.remark, '请联系13812345678处理')
})

const RECIPIENTS = (onViolation: string) => `id: recipients
title: 救助对象
provider: { name: 民政局 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: recipients.csv }
primary_key: n
fields:
  - { name: n, type: integer, title: 序号 }
  - { name: district, type: string, title: 区 }
  - { name: age, type: integer, title: 年龄, rule: { generalize: { bucket: 10 } } }
privacy: { quasi_identifiers: [district, age], k: 3, on_violation: ${onViolation} }
`
// groups after generalisation: 朝阳/30-39 ×4, 海淀/40-49 ×3, 海淀/50-59 ×2 (rows 8, 9), 东城/20-29 ×1 (row 10)
const RECIPIENTS_CSV = `n,district,age
1,朝阳区,31
2,朝阳区,35
3,朝阳区,39
4,朝阳区,30
5,海淀区,41
6,海淀区,42
7,海淀区,49
8,海淀区,51
9,海淀区,58
10,东城区,22
`

t.test('k-anonymity with suppress removes exactly the rows of groups smaller than k', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('recipients', RECIPIENTS('suppress'))
  fx.writeSource('recipients.csv', RECIPIENTS_CSV)
  const { run, store } = await ingest(fx)
  t.teardown(() => store.close())
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /7 of 10 rows, 3 suppressed for k-anonymity/)
  const rows = (await store.readRows('recipients', 1, { limit: 100 })).rows
  t.same(rows.map((r) => r.n), [1, 2, 3, 4, 5, 6, 7])
  t.same(rows[0], { n: 1, district: '朝阳区', age: '30-39' })
  const body = (await store.listReports('recipients', 1))[0]?.report as IngestReport
  t.same(body.kAnonymity, { k: 3, quasiIdentifiers: ['district', 'age'], onViolation: 'suppress', groups: 4, smallestGroupSize: 1, groupsBelowK: 2, rowsSuppressed: 3, firstRowsSuppressed: [8, 9, 10] })
})

t.test('k-anonymity with fail names the smallest group size and publishes nothing', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('recipients', RECIPIENTS('fail'))
  fx.writeSource('recipients.csv', RECIPIENTS_CSV)
  const { run, store } = await ingest(fx)
  t.teardown(() => store.close())
  t.equal(run.code, 1)
  t.match(run.stderr, /k-anonymity: 2 group\(s\) of district, age have fewer than k = 3 rows \(3 rows\); the smallest group has 1 row\(s\)/)
  t.equal((await store.getDataset('recipients'))?.current, undefined)
})

t.test('an invalid personal value is reported masked, never raw', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('people', PEOPLE('people').replace("{ name: mobile, type: string, title: 手机, pii: mobile, rule: mask }", "{ name: mobile, type: string, title: 手机, pii: mobile, rule: mask, constraints: { pattern: '1\\d{10}' } }"))
  fx.writeSource('people.csv', PEOPLE_CSV.replace('15011112222', '1501111222X'))
  const { run, store } = await ingest(fx)
  t.teardown(() => store.close())
  t.equal(run.code, 1)
  t.match(run.stderr, /row 2 \(line 3\), field "mobile": does not match the pattern/)
  t.notMatch(run.stderr, '1501111222X')
})
