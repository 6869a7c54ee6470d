/**
 * Identifiers written the way real data writes them (issue 9): full-width forms, separators inside,
 * zero-width characters, country prefixes, grouped cards, ＠, 15-digit first-generation IDs. Each
 * variant must be found by detectPersonal, masked in place by redactText (output clean when
 * normalised and scanned again, redaction idempotent) and reported by the leak guard.
 */
import t from 'tap'
import type { CoercedRow, FieldSpec } from '../../src/desensitise/types.ts'
import { detectPersonal, type DetectorKind } from '../../src/desensitise/detectors.ts'
import { redactText } from '../../src/desensitise/redact.ts'
import { normaliseText } from '../../src/desensitise/normalise.ts'
import { compileDesensitiser } from '../../src/desensitise/rules.ts'
import { createLeakGuard } from '../../src/desensitise/leak-guard.ts'

const ZWSP = '\u200B'
const ZWNJ = '\u200C'
const ZWJ = '\u200D'
const WJ = '\u2060'
const BOM = '\uFEFF'
const NBSP = '\u00A0'
const CARD16 = '6222021234561236' // Luhn-valid
const CARD19 = '6228480012345678903' // Luhn-valid

/** [variant, text, kind, redacted text] */
const VARIANTS: Array<[string, string, DetectorKind, string]> = [
  // mobiles
  ['full-width digits', '电话１３８１２３４５６７８', 'mobile', '电话138****5678'],
  ['dots', '138.1234.5678', 'mobile', '138.****.5678'],
  ['space and dash mixed', '138 1234-5678', 'mobile', '138 ****-5678'],
  ['NBSP', `138${NBSP}1234${NBSP}5678`, 'mobile', '138 **** 5678'],
  ['ideographic space', '138\u30001234\u30005678', 'mobile', '138 **** 5678'],
  ['en dash', '138–1234–5678', 'mobile', '138-****-5678'],
  ['slashes', '138/1234/5678', 'mobile', '138/****/5678'],
  ['full-width parentheses', '联系（138）12345678', 'mobile', '联系(138)****5678'],
  ['parentheses and spaces', '(138) 1234 5678', 'mobile', '(138) **** 5678'],
  ['3 + 8', '138 12345678', 'mobile', '138 ****5678'],
  ['zero-width space', `138${ZWSP}1234${ZWSP}5678`, 'mobile', '138****5678'],
  ['zero-width non-joiner and joiner', `1381${ZWNJ}2345${ZWJ}678`, 'mobile', '138****5678'],
  ['word joiner', `13812${WJ}345678`, 'mobile', '138****5678'],
  ['byte order mark inside', `138${BOM}12345678`, 'mobile', '138****5678'],
  ['+86', '+8613812345678', 'mobile', '+86138****5678'],
  ['+86 grouped', '+86 138 1234 5678', 'mobile', '+86 138 **** 5678'],
  ['(+86)', '(+86)13812345678', 'mobile', '(+86)138****5678'],
  ['0086', '0086 13812345678', 'mobile', '0086 138****5678'],
  ['86 alone', '86 138 1234 5678', 'mobile', '86 138 **** 5678'],
  ['full-width +86', '＋８６ １３８ １２３４ ５６７８', 'mobile', '+86 138 **** 5678'],
  // resident IDs
  ['ID full-width', '１１０１０５１９４９１２３１００２Ｘ', 'id_card', '110105********002X'],
  ['ID full-width lowercase x', '１１０１０５１９４９１２３１００２ｘ', 'id_card', '110105********002x'],
  ['ID lowercase x', '身份证11010519491231002x', 'id_card', '身份证110105********002x'],
  ['ID grouped 6-8-4', '110105 19491231 002X', 'id_card', '110105 ******** 002X'],
  ['ID grouped with NBSP', `110105${NBSP}19491231${NBSP}002X`, 'id_card', '110105 ******** 002X'],
  ['ID grouped with dashes', '110105-19491231-002X', 'id_card', '110105-********-002X'],
  ['ID grouped 6-4-4-4', '110105 1949 1231 002X', 'id_card', '110105 **** **** 002X'],
  ['ID zero-width inside', `110105${ZWSP}19491231${WJ}002X`, 'id_card', '110105********002X'],
  ['ID 15 digits', '身份证110105491231002号', 'id_card', '身份证110105******002号'],
  ['ID 15 digits grouped', '110105 491231 002', 'id_card', '110105 ****** 002'],
  ['ID 15 digits full-width', '１１０１０５４９１２３１００２', 'id_card', '110105******002'],
  // bank cards
  ['card 4-4-4-4', `${CARD16.slice(0, 4)} ${CARD16.slice(4, 8)} ${CARD16.slice(8, 12)} ${CARD16.slice(12)}`, 'bank_card', '6222 **** **** 1236'],
  ['card 6-10', `${CARD16.slice(0, 6)} ${CARD16.slice(6)}`, 'bank_card', '6222 **** **** 1236'],
  ['card 4-4-4-4-3', `${CARD19.slice(0, 4)} ${CARD19.slice(4, 8)} ${CARD19.slice(8, 12)} ${CARD19.slice(12, 16)} ${CARD19.slice(16)}`, 'bank_card', '6228 **** **** **** 8903'],
  ['card 6-13', `${CARD19.slice(0, 6)}-${CARD19.slice(6)}`, 'bank_card', '6228 **** **** **** 8903'],
  ['card mixed separators', `${CARD16.slice(0, 4)}-${CARD16.slice(4, 8)} ${CARD16.slice(8, 12)}.${CARD16.slice(12)}`, 'bank_card', '6222 **** **** 1236'],
  ['card full-width', [...CARD16].map((d) => String.fromCharCode(0xff10 + Number(d))).join(''), 'bank_card', '6222 **** **** 1236'],
  ['card zero-width inside', `${CARD16.slice(0, 8)}${ZWSP}${CARD16.slice(8)}`, 'bank_card', '6222 **** **** 1236'],
  // e-mails
  ['full-width at sign', 'zhang.san＠gov.cn', 'email', 'z********@gov.cn'],
  ['full-width e-mail', 'ｚｈａｎｇ＠ｇｏｖ．ｃｎ', 'email', 'z****@gov.cn'],
  ['small at sign', 'zhang﹫gov.cn', 'email', 'z****@gov.cn'],
  ['zero-width in an e-mail', `zhang${ZWSP}.san@gov.cn`, 'email', 'z********@gov.cn'],
  // passports and plates
  ['full-width passport', 'Ｅ１２３４５６７８', 'passport', 'E******78'],
  ['full-width plate', '京Ａ１２３４５', 'plate', '京A****5'],
]

t.test('every lookalike variant is found, masked in place, and the output is clean', async (t) => {
  for (const [variant, text, kind, redacted] of VARIANTS) {
    t.same(detectPersonal(text).map((f) => f.kind), [kind], `${variant}: found as ${kind}`)
    const out = redactText(text)
    t.equal(out, redacted, `${variant}: redacted`)
    t.same(detectPersonal(normaliseText(out)), [], `${variant}: output clean when normalised`)
    t.equal(redactText(out), out, `${variant}: idempotent`)
  }
})

t.test('findings point at the original span; text around it is kept as written', async (t) => {
  const text = '甲：１３８１２３４５６７８，乙'
  const [f] = detectPersonal(text)
  t.same(f && [f.kind, f.start, f.end, f.value], ['mobile', 2, 13, '13812345678'])
  t.equal(redactText(text), '甲：138****5678，乙')
  const zw = `a${ZWSP}${ZWSP}13812345678${ZWSP}b`
  const [g] = detectPersonal(zw)
  t.same(g && [g.start, g.end], [3, 14], 'zero-width characters before the number are not part of it')
  t.equal(redactText(zw), `a${ZWSP}${ZWSP}138****5678${ZWSP}b`)
})

t.test('separators do not make identifiers of amounts, dates and lists', async (t) => {
  const notPersonal = [
    '金额１３８１２３４５６７８．００元', // a full-width amount
    '1381234.5678', // a decimal number
    '2023-12-01 12:34:56',
    '2023.12.01',
    '13 20 30 40 50 6', // a list of small numbers
    '第 1 38 1234 5678 号', // groups too short to be a mobile
    '010-12345678', // a landline
    '010-12345678-8001',
    `${CARD16.slice(0, 8)}.${CARD16.slice(8)}`, // a single dot: a decimal number
    '911111111111111', // 15 digits, but 91 is no province
    '110105491331002', // 15 digits, month 13
  ]
  for (const text of notPersonal) t.same(detectPersonal(text), [], text)
  t.same(detectPersonal('2023.12.01 13812345678').map((f) => f.value), ['13812345678'], 'a date before a mobile')
  t.same(detectPersonal('13812345678 13987654321').map((f) => f.value), ['13812345678', '13987654321'], 'two mobiles')
})

t.test('the leak guard reports lookalikes in a kept field, masked', async (t) => {
  const fields: FieldSpec[] = [{ name: 'remark', type: 'string' }]
  const d = compileDesensitiser(fields, Buffer.from('lookalike-key-0123456789'))
  const g = createLeakGuard(fields)
  const rows: CoercedRow[] = VARIANTS.map(([, text]) => ({ remark: text }))
  rows.forEach((r, i) => g.scan(d.apply(r), i + 1))
  const counts = new Map<DetectorKind, number>()
  for (const [, , kind] of VARIANTS) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  t.same(
    Object.fromEntries(g.violations().map((v) => [v.detector, v.count])),
    Object.fromEntries(counts),
    'every variant is a violation',
  )
  const examples = g.violations().map((v) => v.example)
  t.same(examples, ['110105********002X', '6222 **** **** 1236', 'z********@gov.cn', '138****5678', 'E******78', '京A****5'])
})
