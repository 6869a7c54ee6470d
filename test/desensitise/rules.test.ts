import t from 'tap'
import type { CellValue, CoercedRow, FieldSpec, PublicRow, Rule } from '../../src/desensitise/types.ts'
import { ruleKind } from '../../src/catalog/schema.ts'
import { compileDesensitiser } from '../../src/desensitise/rules.ts'
import { pseudonym } from '../../src/desensitise/hash.ts'

const key = Buffer.from('rules-test-key-0123456789', 'utf8')

const fields: FieldSpec[] = [
  { name: 'record_id', type: 'integer' },
  { name: 'party_name', type: 'string', pii: 'name', rule: 'mask' },
  { name: 'id_number', type: 'string', pii: 'id_card', rule: 'hash' },
  { name: 'phone', type: 'string', pii: 'mobile', rule: 'drop' },
  { name: 'address', type: 'string', pii: 'address', rule: { generalize: 'district' } },
  { name: 'amount', type: 'number', rule: { generalize: { bucket: 100 } } },
  { name: 'decision_date', type: 'date', rule: { generalize: 'year' } },
  { name: 'filed_at', type: 'datetime', rule: { generalize: 'month' } },
  { name: 'birth', type: 'string', pii: 'id_card', rule: { generalize: 'birth_year' } },
  { name: 'remark', type: 'string', rule: 'redact' },
  { name: 'secret', type: 'string', rule: 'suppress' },
  { name: 'card', type: 'string', pii: 'bank_card', rule: { mask: { keep_start: 0, keep_end: 4 } } },
  { name: 'kept', type: 'string', rule: 'keep' },
  { name: 'flag', type: 'boolean' },
]

t.test('publicFields', async (t) => {
  const d = compileDesensitiser(fields, key)
  t.same(
    d.publicFields.map((f) => [f.name, f.type]),
    [
      ['record_id', 'integer'],
      ['party_name', 'string'],
      ['id_number', 'string'],
      ['address', 'string'],
      ['amount', 'string'],
      ['decision_date', 'integer'],
      ['filed_at', 'string'],
      ['birth', 'integer'],
      ['remark', 'string'],
      ['secret', 'string'],
      ['card', 'string'],
      ['kept', 'string'],
      ['flag', 'boolean'],
    ],
  )
  t.same(d.publicFields[1], { name: 'party_name', type: 'string', pii: 'name', rule: 'mask' }, 'rule metadata kept')
  t.equal(fields[5]?.type, 'number', 'the input specs are not modified')
})

t.test('apply', async (t) => {
  const d = compileDesensitiser(fields, key)
  const row: CoercedRow = {
    record_id: 7,
    party_name: '张三丰',
    id_number: '11010519491231002x',
    phone: '13812345678',
    address: '北京市朝阳区建国路88号',
    amount: 1234.5,
    decision_date: '2023-05-17',
    filed_at: '2023-05-17T08:00:00+08:00',
    birth: '11010519491231002X',
    remark: '请联系13812345678处理',
    secret: 'top secret',
    card: '6222021234561234',
    kept: '原样',
    flag: true,
    unknown_column: 'not in the catalog',
  }
  const out = d.apply(row)
  t.same(
    { ...out },
    {
      record_id: 7,
      party_name: '张**',
      id_number: pseudonym('11010519491231002X', key, 'id_card'),
      address: '北京市朝阳区',
      amount: '1200-1299',
      decision_date: 2023,
      filed_at: '2023-05',
      birth: 1949,
      remark: '请联系138****5678处理',
      secret: null,
      card: '************1234',
      kept: '原样',
      flag: true,
    },
  )
  t.notOk('phone' in out, 'dropped field is absent')
  t.notOk('unknown_column' in out, 'keys outside the schema are not copied')
  t.equal(row.phone, '13812345678', 'the input row is not modified')
  t.same(Object.keys(out), d.publicFields.map((f) => f.name), 'keys in schema order')
})

t.test('nulls stay null under every rule; missing keys are null', async (t) => {
  const d = compileDesensitiser(fields, key)
  const nulls: CoercedRow = Object.fromEntries(fields.map((f) => [f.name, null]))
  const want = Object.fromEntries(d.publicFields.map((f) => [f.name, null]))
  t.same({ ...d.apply(nulls) }, want)
  t.same({ ...d.apply({}) }, want)
})

t.test('non-string input to string rules', async (t) => {
  const d = compileDesensitiser(
    [
      { name: 'm', type: 'integer', pii: 'mobile', rule: 'mask' },
      { name: 'h', type: 'integer', pii: 'mobile', rule: 'hash' },
      { name: 'r', type: 'integer', rule: 'redact' },
      { name: 'b', type: 'boolean', rule: 'redact' },
      { name: 's', type: 'integer', rule: 'suppress' },
    ],
    key,
  )
  t.same(
    { ...d.apply({ m: 13812345678, h: 13812345678, r: 13812345678, b: false, s: 5 }) },
    { m: '138****5678', h: pseudonym('13812345678', key, 'mobile'), r: '138****5678', b: 'false', s: null },
  )
  t.same(
    d.publicFields.map((f) => f.type),
    ['string', 'string', 'string', 'string', 'integer'],
  )
})

t.test('ruleKind', async (t) => {
  const cases: Array<[Rule | undefined, string]> = [
    [undefined, 'keep'],
    ['keep', 'keep'],
    ['mask', 'mask'],
    ['hash', 'hash'],
    ['suppress', 'suppress'],
    ['drop', 'drop'],
    ['redact', 'redact'],
    [{ mask: { keep_start: 1, keep_end: 1 } }, 'mask'],
    [{ generalize: 'year' }, 'generalize'],
  ]
  for (const [rule, kind] of cases) t.equal(ruleKind(rule), kind, JSON.stringify(rule))
  t.throws(() => ruleKind({ encrypt: true } as unknown as Rule), /unknown rule/)
  t.throws(() => ruleKind(null as unknown as Rule), /unknown rule/)
  t.throws(() => ruleKind(42 as unknown as Rule), /unknown rule/)
})

t.test('configurations the validator should have refused', async (t) => {
  const bad: Array<[FieldSpec[], RegExp, Buffer?]> = [
    [[{ name: 'a', type: 'string' }, { name: 'a', type: 'string' }], /field "a" is declared twice/],
    [[{ name: 'a', type: 'string', rule: 'encrypt' as Rule }], /field "a": unknown rule "encrypt"/],
    [[{ name: 'a', type: 'string', rule: { shuffle: 1 } as unknown as Rule }], /field "a": unknown rule/],
    [[{ name: 'a', type: 'string', rule: { mask: null } as unknown as Rule }], /keep_start and keep_end/],
    [[{ name: 'a', type: 'string', rule: { mask: 3 } as unknown as Rule }], /keep_start and keep_end/],
    [[{ name: 'a', type: 'string', rule: { mask: { keep_start: -1, keep_end: 0 } } }], /keep_start and keep_end/],
    [[{ name: 'a', type: 'string', rule: { mask: { keep_start: 1, keep_end: 0.5 } } }], /keep_start and keep_end/],
    [[{ name: 'a', type: 'string', rule: { mask: { keep_start: 1 } } as unknown as Rule }], /keep_start and keep_end/],
    [[{ name: 'a', type: 'integer', rule: { generalize: { bucket: 0 } } }], /field "a": generalize bucket/],
    [[{ name: 'a', type: 'string', pii: 'id_card', rule: 'hash' }], /field "a": pseudonym key is empty/, Buffer.alloc(0)],
  ]
  for (const [fs, re, k] of bad) t.throws(() => compileDesensitiser(fs, k ?? key), re, re.source)
  t.doesNotThrow(() => compileDesensitiser([{ name: 'a', type: 'string', rule: 'mask' }], Buffer.alloc(0)), 'no hash: no key needed')
})

t.test('types: a PublicRow only comes from apply', async (t) => {
  const d = compileDesensitiser([{ name: 'a', type: 'string' }], key)
  const ok: PublicRow = d.apply({ a: 'x' })
  const asRecord: Record<string, CellValue> = ok
  t.equal(asRecord.a, 'x')
  // @ts-expect-error a plain object is not a PublicRow
  const forged: PublicRow = { a: 'x' }
  // @ts-expect-error nor is a coerced row
  const raw: PublicRow = { a: 'x' } as CoercedRow
  t.ok(forged && raw)
})
