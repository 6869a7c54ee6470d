import t from 'tap'
import { validateCatalogEntry } from '../../src/catalog/validate.ts'
import { formatProblem } from '../../src/catalog/problems.ts'
import { fieldLabel, nameFieldsInPath } from '../../src/catalog/field-path.ts'

const THEMES = new Set(['信用服务', '生态环境'])

const VALID = `id: sample-data
title: 样例
provider: { name: 北京市市场监督管理局, code: "91350100M000100Y43" }
theme: 信用服务
keywords: [信用]
grade: 2
open: unconditional
source: { path: sample.csv, encoding: auto, on_error: fail }
primary_key: record_id
fields:
  - { name: record_id, type: integer, title: 编号, constraints: { required: true, unique: true } }
  - { name: party_name, type: string, title: 当事人, pii: name, rule: mask }
  - { name: id_number, type: string, title: 身份证号, pii: id_card, rule: hash }
  - { name: amount, type: number, title: 金额, constraints: { minimum: 0 } }
  - { name: decided_on, type: date, title: 日期, rule: { generalize: month } }
`

function withField(field: string): string {
  return `${VALID}  - ${field}\n`
}

function problemsOf(text: string, file = 'catalog/sample-data.yaml'): string[] {
  return validateCatalogEntry(file, text, THEMES).problems.map(formatProblem)
}

t.test('a valid entry has no problems and is returned typed', async (t) => {
  const result = validateCatalogEntry('catalog/sample-data.yaml', VALID, THEMES)
  t.same(result.problems, [])
  t.equal(result.entry?.fields.length, 5)
})

const CASES: Array<[string, string, RegExp]> = [
  ['YAML syntax error with its line', VALID.replace('grade: 2', 'grade: [2'), /catalog\/sample-data\.yaml: line \d+, column \d+: YAML syntax error/],
  ['duplicate YAML key', `${VALID}grade: 3\n`, /YAML syntax error: Map keys must be unique/],
  ['unknown theme', VALID.replace('theme: 信用服务', 'theme: 宇宙探索'), /theme: unknown theme "宇宙探索"/],
  ['grade looser than allowed', VALID.replace('grade: 2', 'grade: 3'), /open: "unconditional" is looser than grade 3 allows \(at most conditional\)/],
  ['grade 4 must be closed', VALID.replace('grade: 2', 'grade: 4').replace('open: unconditional', 'open: conditional'), /open: "conditional" is looser than grade 4 allows \(at most closed\)/],
  ['absolute source path', VALID.replace('path: sample.csv', 'path: /etc/passwd'), /source\.path: "\/etc\/passwd" is absolute/],
  ['source path with ..', VALID.replace('path: sample.csv', 'path: a/../../x.csv'), /source\.path: "a\/\.\.\/\.\.\/x\.csv" contains "\.\."/],
  ['source URL', VALID.replace('path: sample.csv', 'path: "https://example.com/x.csv"'), /source\.path: .* is a URL/],
  ['duplicate field name', withField('{ name: amount, type: number, title: 又一个 }'), /fields\[5\] \(amount\)\.name: duplicate field name "amount" \(also fields\[3\]\)/],
  ['field name of a control parameter', withField('{ name: _sort, type: string, title: 排序 }'), /fields\[5\] \(_sort\)\.name: "_sort" starts with "_", which is reserved/],
  ['field name of the internal row id', withField('{ name: _row, type: integer, title: 行 }'), /fields\[5\] \(_row\)\.name: "_row" starts with "_"/],
  ['field name the API takes for a key', withField('{ name: token, type: string, title: 令牌 }'), /fields\[5\] \(token\)\.name: "token" is reserved: the API refuses it as a query parameter/],
  ['primary key not a field', VALID.replace('primary_key: record_id', 'primary_key: rid'), /primary_key: "rid" is not a field/],
  ['hash without pii', withField('{ name: code, type: string, title: 代码, rule: hash }'), /fields\[5\] \(code\)\.rule: "hash" needs pii to be set/],
  ['mask preset without pii', withField('{ name: code, type: string, title: 代码, rule: mask }'), /fields\[5\] \(code\)\.rule: "mask" needs pii to be set/],
  ['unknown type', withField('{ name: code, type: strng, title: 代码 }'), /fields\[5\] \(code\)\.type: unknown type; expected one of string, integer/],
  ['unknown rule', withField('{ name: code, type: string, title: 代码, rule: scramble }'), /fields\[5\] \(code\)\.rule: unknown rule; expected one of keep, mask/],
  ['unknown generalisation', withField('{ name: code, type: string, title: 代码, rule: { generalize: decade } }'), /fields\[5\] \(code\)\.rule/],
  ['unknown pii kind', withField('{ name: code, type: string, title: 代码, pii: dna, rule: drop }'), /fields\[5\] \(code\)\.pii: unknown pii kind/],
  ['unknown property', withField('{ name: code, type: string, title: 代码, colour: red }'), /fields\[5\] \(code\)\.colour: unknown property/],
  ['missing title', withField('{ name: code, type: string }'), /fields\[5\] \(code\)\.title: is required/],
  ['personal field kept', withField('{ name: mobile, type: string, title: 手机, pii: mobile }'), /fields\[5\] \(mobile\)\.rule: personal field \(pii: mobile\) needs a desensitising rule/],
  ['pii none without reason', withField('{ name: contact, type: string, title: 联系, pii: none }'), /fields\[5\] \(contact\)\.reason: pii: none needs a reason/],
  ['generalize year on a number', withField('{ name: n, type: integer, title: 数, rule: { generalize: year } }'), /generalize year needs a date or datetime field, not integer/],
  ['bucket on text', withField('{ name: n, type: string, title: 数, rule: { generalize: { bucket: 10 } } }'), /generalize bucket needs an integer or number field/],
  ['district without address', withField('{ name: n, type: string, title: 址, pii: name, rule: { generalize: district } }'), /generalize district needs pii: address/],
  ['mask on a number', withField('{ name: n, type: integer, title: 数, rule: { mask: { keep_start: 1, keep_end: 1 } } }'), /"mask" works on text/],
  ['searchable number', withField('{ name: n, type: integer, title: 数, searchable: true }'), /only text fields can be searchable/],
  ['bad pattern', withField('{ name: n, type: string, title: 数, constraints: { pattern: "([" } }'), /fields\[5\] \(n\)\.constraints\.pattern: is not a valid regular expression/],
  ['minLength on a number', withField('{ name: n, type: integer, title: 数, constraints: { minLength: 2 } }'), /minLength, maxLength and pattern apply to string fields/],
  ['id differs from file name', VALID, /id: "sample-data" must equal the file name \(other\)/],
  ['source missing for an open dataset', VALID.replace(/source: .*\n/, ''), /source: is required unless open is closed/],
  ['primary key masked', VALID.replace('{ name: record_id, type: integer, title: 编号,', '{ name: record_id, type: string, title: 编号, pii: name, rule: mask,'), /primary_key: field "record_id" must be published as is \(keep\) or hashed/],
  ['unknown quasi-identifier', `${VALID}privacy: { quasi_identifiers: [district], k: 5 }\n`, /privacy\.quasi_identifiers\[0\]: "district" is not a field/],
  ['k below 2', `${VALID}privacy: { quasi_identifiers: [amount], k: 1 }\n`, /privacy\.k: /],
  ['temporal out of order', `${VALID}temporal: { start: 2024-01-01, end: 2023-01-01 }\n`, /temporal: start 2024-01-01 is after end 2023-01-01/],
  ['not a mapping', '- a\n- b\n', /a catalog file must be a YAML mapping/],
  ['a field before the last, named', VALID.replace('{ name: amount, type: number', '{ name: amount, type: numeric'), /fields\[3\] \(amount\)\.type: unknown type/],
  ['a name against the rules, quoted', withField('{ name: "Amount Total", type: string, title: 总 }'), /fields\[5\] \("Amount Total"\)\.name: must match/],
  ['a field without a name', withField('{ type: string, title: 无名 }'), /fields\[5\]\.name: is required/],
  ['custom mask showing the birth date', withField('{ name: id_no, type: string, title: 证件号, pii: id_card, rule: { mask: { keep_start: 10, keep_end: 4 } } }'),
    /catalog\/sample-data\.yaml: fields\[5\] \(id_no\)\.rule: \{ mask: \{ keep_start: 10, keep_end: 4 \} \} shows too much of an id_card: at most keep_start 6 and keep_end 4 \(the area code and the last 4 characters; the birth date stays hidden\)/],
  ['custom mask leaving a mobile recoverable', withField('{ name: tel, type: string, title: 手机, pii: mobile, rule: { mask: { keep_start: 0, keep_end: 8 } } }'),
    /fields\[5\] \(tel\)\.rule: \{ mask: \{ keep_start: 0, keep_end: 8 \} \} shows too much of a mobile: at most keep_start 3 and keep_end 4/],
  ['custom mask on a bank card beyond 6 + 4', withField('{ name: card, type: string, title: 卡号, pii: bank_card, rule: { mask: { keep_start: 6, keep_end: 5 } } }'),
    /fields\[5\] \(card\)\.rule: .* shows too much of a bank_card: at most keep_start 6 and keep_end 4/],
]

for (const [name, text, expected] of CASES) {
  t.test(name, async (t) => {
    const file = name === 'id differs from file name' ? 'catalog/other.yaml' : 'catalog/sample-data.yaml'
    const problems = problemsOf(text, file)
    t.ok(problems.some((p) => expected.test(p)), `expected ${expected} in:\n${problems.join('\n')}`)
    t.equal(validateCatalogEntry(file, text, THEMES).entry, undefined, 'no entry is returned when anything is wrong')
  })
}

t.test('custom masks within their kind\'s bound, or on fields that are not personal, are valid', async (t) => {
  for (const field of [
    '{ name: id_no, type: string, title: 证件号, pii: id_card, rule: { mask: { keep_start: 6, keep_end: 4 } } }',
    '{ name: tel, type: string, title: 手机, pii: mobile, rule: { mask: { keep_start: 0, keep_end: 4 } } }',
    '{ name: code, type: string, title: 代码, rule: { mask: { keep_start: 10, keep_end: 10 } } }',
    '{ name: code, type: string, title: 代码, pii: none, reason: 公开编码, rule: { mask: { keep_start: 10, keep_end: 10 } } }',
  ]) t.same(problemsOf(withField(field)), [], field)
})

t.test('every problem of a file is reported, not just the first', async (t) => {
  const text = VALID.replace('theme: 信用服务', 'theme: 未知').replace('primary_key: record_id', 'primary_key: nope')
  const problems = problemsOf(text)
  t.ok(problems.some((p) => p.includes('theme:')))
  t.ok(problems.some((p) => p.includes('primary_key:')))
})

t.test('a closed dataset may omit its source', async (t) => {
  const text = VALID.replace('grade: 2', 'grade: 4').replace('open: unconditional', 'open: closed').replace(/source: .*\n/, '')
  t.same(problemsOf(text), [])
})

t.test('a field is named by its index and its name wherever a path points into it', async (t) => {
  const fields = [{ name: 'amount' }, { name: 'x'.repeat(70) }, { title: 'no name' }, 'not a mapping', { name: 7 }]
  const cases: Array<[string, string]> = [
    ['fields[0]', 'fields[0] (amount)'],
    ['fields[0].constraints.pattern', 'fields[0] (amount).constraints.pattern'],
    ['fields[1].name', `fields[1] ("${'x'.repeat(40)}…").name`],
    ['fields[2].name', 'fields[2].name'],
    ['fields[3]', 'fields[3]'],
    ['fields[4].name', 'fields[4].name'],
    ['fields[9].rule', 'fields[9].rule'],
    ['fields', 'fields'],
    ['privacy.quasi_identifiers[0]', 'privacy.quasi_identifiers[0]'],
    ['', ''],
  ]
  for (const [path, expected] of cases) t.equal(nameFieldsInPath(path, fields), expected, path || '(empty)')
  t.equal(nameFieldsInPath('fields[0].rule', 'not a list'), 'fields[0].rule')
  t.equal(fieldLabel(5, 'amount'), 'fields[5] (amount)')
  t.equal(fieldLabel(5, 'Amount\nTotal'), 'fields[5] ("Amount\\nTotal")', 'a control character cannot break the line')
})
