import t from 'tap'
import type { CoercedRow, FieldSpec } from '../../src/desensitise/types.ts'
import { compileDesensitiser } from '../../src/desensitise/rules.ts'
import {
  MAX_ROWS_REPORTED,
  createLeakGuard,
  formatLeakViolation,
  isDeclaredNotPersonal,
  type LeakFinding,
} from '../../src/desensitise/leak-guard.ts'
import { makeId } from './fixtures/vectors.ts'

const key = Buffer.from('leak-guard-test-key-0123', 'utf8')

function run(fields: FieldSpec[], rows: CoercedRow[]) {
  const d = compileDesensitiser(fields, key)
  const g = createLeakGuard(fields)
  rows.forEach((r, i) => g.scan(d.apply(r), i + 1))
  return g
}

t.test('a kept remark holding ID numbers is a violation', async (t) => {
  const fields: FieldSpec[] = [
    { name: 'record_id', type: 'integer' },
    { name: 'id_number', type: 'string', pii: 'id_card', rule: 'hash' },
    { name: 'remark', type: 'string' },
  ]
  const ids = ['11010519491231002X', '440524188001010014', makeId('32010219800101123'), makeId('32010219800101124')]
  const rows: CoercedRow[] = []
  for (let i = 1; i <= 20; i++) {
    const holds = [4, 9, 17].includes(i)
    rows.push({ record_id: i, id_number: ids[i % 4] ?? null, remark: holds ? `当事人身份证${ids[i % 4]}` : '无' })
  }
  const g = run(fields, rows)
  t.same(g.scannedFields, ['record_id', 'remark'])
  t.equal(g.rowsScanned(), 20)
  const v = g.violations()
  t.same(v, [{ field: 'remark', detector: 'id_card', count: 3, firstRows: [4, 9, 17], example: '110105********002X' }])
  t.same(g.findings(), v)
  const msg = formatLeakViolation(v[0] as LeakFinding)
  t.equal(
    msg,
    'field "remark": 3 values contain id_card (rows 4, 9, 17); e.g. "110105********002X"; ' +
      'set a desensitising rule, or pii: none with a reason',
  )
  for (const id of ids) t.notOk(msg.includes(id), `no raw ID ${id} in the message`)
  t.notOk(JSON.stringify(g.findings()).includes('11010519491231002X'), 'no raw value in the findings')
})

t.test('counts values, keeps the first 5 rows, one entry per field and detector', async (t) => {
  const fields: FieldSpec[] = [
    { name: 'note', type: 'string' },
    { name: 'contact', type: 'string', pii: 'none', reason: '单位公开办公电话' },
    { name: 'masked', type: 'string', pii: 'mobile', rule: 'mask' },
  ]
  const rows: CoercedRow[] = []
  for (let i = 1; i <= 12; i++) {
    rows.push({
      note: i % 2 === 0 ? `电话13812345678，备用13987654321，邮箱a${i}@gov.cn` : null,
      contact: '13812345678',
      masked: '13812345678',
    })
  }
  const g = run(fields, rows)
  t.same(g.scannedFields, ['note', 'contact'])
  const all = g.findings()
  t.same(
    all.map((f) => [f.field, f.detector, f.count, f.firstRows]),
    [
      ['note', 'email', 6, [2, 4, 6, 8, 10]],
      ['note', 'mobile', 6, [2, 4, 6, 8, 10]],
      ['contact', 'mobile', 12, [1, 2, 3, 4, 5]],
    ],
  )
  t.equal(MAX_ROWS_REPORTED, 5)
  t.same(
    g.violations().map((f) => [f.field, f.detector]),
    [
      ['note', 'email'],
      ['note', 'mobile'],
    ],
    'pii: none with a reason is reported, not a violation',
  )
  t.equal(all[1]?.example, '138****5678')
  t.equal(all[0]?.example, 'a*@gov.cn')
  const msg = formatLeakViolation(all[1] as LeakFinding)
  t.equal(
    msg,
    'field "note": 6 values contain mobile (rows 2, 4, 6, 8, 10, …); e.g. "138****5678"; ' +
      'set a desensitising rule, or pii: none with a reason',
  )
  t.notOk(msg.includes('13812345678'))
})

t.test('what is scanned', async (t) => {
  const fields: FieldSpec[] = [
    { name: 'phone_int', type: 'integer' },
    { name: 'small_int', type: 'integer' },
    { name: 'float', type: 'number' },
    { name: 'float_mobile', type: 'number' },
    { name: 'float_card', type: 'number' },
    { name: 'flag', type: 'boolean' },
    { name: 'redacted', type: 'string', rule: 'redact' },
    { name: 'hashed', type: 'string', pii: 'id_card', rule: 'hash' },
    { name: 'dropped', type: 'string', rule: 'drop' },
    { name: 'general', type: 'string', pii: 'address', rule: { generalize: 'district' } },
    { name: 'suppressed', type: 'string', rule: 'suppress' },
    { name: 'no_reason', type: 'string', pii: 'none' },
    { name: 'blank_reason', type: 'string', pii: 'none', reason: '  ' },
  ]
  const g = run(fields, [
    {
      phone_int: 13812345678,
      small_int: 42,
      float: 13812345678.5,
      float_mobile: 13812345678,
      float_card: 4111111111111111,
      flag: true,
      redacted: '联系13812345678',
      hashed: '11010519491231002X',
      dropped: '11010519491231002X',
      general: '北京市朝阳区13812345678',
      suppressed: '11010519491231002X',
      no_reason: 'E12345678',
      blank_reason: '京A12345',
    },
  ])
  t.same(g.scannedFields, ['phone_int', 'small_int', 'float', 'float_mobile', 'float_card', 'flag', 'redacted', 'no_reason', 'blank_reason'])
  t.same(
    g.violations().map((f) => [f.field, f.detector, f.example]),
    [
      ['phone_int', 'mobile', '138****5678'],
      ['float_mobile', 'mobile', '138****5678'],
      ['float_card', 'bank_card', '4111 **** **** 1111'],
      ['no_reason', 'passport', 'E******78'],
      ['blank_reason', 'plate', '京A****5'],
    ],
    'numbers of 10 digits or more are scanned (a decimal fraction is no mobile); redacted output is clean; pii: none needs a reason',
  )
})

t.test('singular message and exemptions', async (t) => {
  t.equal(
    formatLeakViolation({ field: 'x', detector: 'bank_card', count: 1, firstRows: [3], example: '4111 **** **** 1111' }),
    'field "x": 1 value contains bank_card (row 3); e.g. "4111 **** **** 1111"; set a desensitising rule, or pii: none with a reason',
  )
  t.ok(isDeclaredNotPersonal({ name: 'a', type: 'string', pii: 'none', reason: '公开信息' }))
  t.notOk(isDeclaredNotPersonal({ name: 'a', type: 'string', pii: 'none' }))
  t.notOk(isDeclaredNotPersonal({ name: 'a', type: 'string', pii: 'mobile', reason: 'x' }))
  const g = createLeakGuard([])
  t.same(g.findings(), [])
  t.same(g.violations(), [])
})
