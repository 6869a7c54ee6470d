import t from 'tap'
import { PII_KINDS } from '../../src/catalog/schema.ts'
import { describeRule, isDesensitised, PII_TEXT, type RuleSubject } from '../../src/portal/i18n/rules.ts'
import { maskValue } from '../../src/desensitise/mask.ts'

const CASES: Array<[string, RuleSubject, string, string]> = [
  ['custom mask', { rule: { mask: { keep_start: 3, keep_end: 4 } }, pii: 'mobile' }, '已脱敏：掩码，保留前3位和后4位', 'Desensitised: masked, keeping the first 3 and last 4 characters'],
  ['custom mask, start only', { rule: { mask: { keep_start: 1, keep_end: 0 } }, pii: 'name' }, '已脱敏：掩码，保留前1位', 'Desensitised: masked, keeping the first 1 character'],
  ['custom mask, end only', { rule: { mask: { keep_start: 0, keep_end: 2 } }, pii: 'phone' }, '已脱敏：掩码，保留后2位', 'Desensitised: masked, keeping the last 2 characters'],
  ['custom mask, nothing kept', { rule: { mask: { keep_start: 0, keep_end: 0 } }, pii: 'name' }, '已脱敏：掩码，全部字符替换为 *', 'Desensitised: masked, every character replaced by *'],
  ['mobile preset', { rule: 'mask', pii: 'mobile' }, '已脱敏：掩码，保留前3位和后4位', 'Desensitised: masked, keeping the first 3 and last 4 digits'],
  ['name preset', { rule: 'mask', pii: 'name' }, '已脱敏：掩码，保留第1个字（姓），其余替换为 *', 'Desensitised: masked, keeping the first character (the surname), the rest replaced by *'],
  ['bank card preset', { rule: 'mask', pii: 'bank_card' }, '已脱敏：掩码，保留前4位和后4位', 'Desensitised: masked, keeping the first 4 and last 4 digits'],
  ['mask without pii', { rule: 'mask' }, '已脱敏：掩码，保留第1个和最后1个字符', 'Desensitised: masked, keeping the first and the last character'],
  ['hash', { rule: 'hash', pii: 'id_card' }, '已脱敏：替换为不可逆的假名（同一值得到同一代号，可用于关联）', 'Desensitised: replaced by an irreversible pseudonym (the same value always gives the same code, so it can still be joined on)'],
  ['year', { rule: { generalize: 'year' } }, '已脱敏：泛化为年份（只保留年）', 'Desensitised: generalised to the year only'],
  ['month', { rule: { generalize: 'month' } }, '已脱敏：泛化为年月（YYYY-MM）', 'Desensitised: generalised to the year and month (YYYY-MM)'],
  ['bucket', { rule: { generalize: { bucket: 10 } } }, '已脱敏：泛化为宽度 10 的数值区间（如 30-39）', 'Desensitised: generalised to ranges 10 wide (such as 30-39)'],
  ['district', { rule: { generalize: 'district' }, pii: 'address' }, '已脱敏：泛化为所在区县（地址只保留到区县）', 'Desensitised: generalised to the district (the address up to its district)'],
  ['birth year', { rule: { generalize: 'birth_year' }, pii: 'id_card' }, '已脱敏：泛化为出生年份（由身份证号得出，号码本身不发布）', 'Desensitised: generalised to the year of birth (read from the ID number, which is not published)'],
  ['suppress', { rule: 'suppress', pii: 'name' }, '已脱敏：不公开取值（每一行都为空）', 'Desensitised: withheld (empty in every row)'],
  ['redact', { rule: 'redact', pii: 'none' }, '已脱敏：自由文本，其中的身份证号、手机号、银行卡号等个人标识已按各自规则掩码', 'Desensitised: free text with the identifiers in it (ID, mobile and bank card numbers and the like) masked by their kind'],
  ['drop', { rule: 'drop', pii: 'name' }, '不发布（该字段已删除）', 'Not published (the field is dropped)'],
  ['keep, no pii', {}, '未脱敏（非个人信息）', 'Not desensitised (not personal data)'],
  ['explicit keep', { rule: 'keep' }, '未脱敏（非个人信息）', 'Not desensitised (not personal data)'],
  ['pii none with reason', { pii: 'none', reason: '企业法定代表人姓名依法公示' }, '未脱敏：经审查不属于个人信息（企业法定代表人姓名依法公示）', 'Not desensitised: reviewed as not personal data (企业法定代表人姓名依法公示)'],
  ['pii none without reason', { rule: 'keep', pii: 'none' }, '未脱敏：经审查不属于个人信息', 'Not desensitised: reviewed as not personal data'],
]

t.test('every rule in words, both languages', async (t) => {
  for (const [what, subject, zh, en] of CASES) {
    t.same(describeRule(subject), { zh, en }, what)
  }
})

t.test('the preset wording says what mask.ts keeps', async (t) => {
  // the words are hand-written; these values check they describe the presets as applied
  t.equal(maskValue('13812345678', 'mobile'), '138****5678', 'mobile: first 3, last 4')
  t.equal(maskValue('6222020200112341234', 'bank_card').replace(/[ *]/g, ''), '62221234', 'bank card: first 4, last 4')
  t.equal(maskValue('110105194912310028', 'id_card'), '110105********0028', 'id card: first 6, last 4')
  t.equal(maskValue('张三丰', 'name'), '张**', 'name: the surname')
  t.equal(maskValue('E12345678', 'passport'), 'E******78', 'passport: first and last 2')
  t.equal(maskValue('abcdef', 'none'), 'a****f', 'generic: first and last')
  t.equal(maskValue('北京市朝阳区建国路88号', 'address'), '北京市朝阳区******', 'address: up to the district')
})

t.test('every pii kind has words, every masked kind a preset description', async (t) => {
  for (const kind of PII_KINDS) {
    t.ok(PII_TEXT[kind].zh && PII_TEXT[kind].en, kind)
    const words = describeRule({ rule: 'mask', pii: kind })
    t.match(words.zh, /^已脱敏：掩码，保留/, kind)
    t.match(words.en, /^Desensitised: masked, keeping/, kind)
  }
})

t.test('isDesensitised', async (t) => {
  t.equal(isDesensitised(undefined), false)
  t.equal(isDesensitised('keep'), false)
  t.equal(isDesensitised('hash'), true)
  t.equal(isDesensitised({ generalize: 'year' }), true)
})
