import { mock } from 'node:test'
import t from 'tap'
import {
  DETECTORS,
  MIN_BIRTH_YEAR,
  detectAll,
  detectPersonal,
  isValidCreditCode,
  isValidIdCard,
  luhnValid,
  mayContainPersonal,
  profileText,
  type DetectorKind,
} from '../../src/desensitise/detectors.ts'
import { isLeapYear, isValidYmd } from '../../src/support/calendar-date.ts'
import { todayKey, ymdKey } from '../../src/desensitise/calendar.ts'
import { breakId, breakLuhn, digitStream, makeCreditCode, makeId, makeLuhn } from './fixtures/vectors.ts'

const kinds = (text: string): Array<[DetectorKind, string]> => detectAll(text).map((f) => [f.kind, f.value])

t.test('calendar', async (t) => {
  for (const [y, leap] of [[2000, true], [1900, false], [2024, true], [2023, false]] as const) {
    t.equal(isLeapYear(y), leap, `leap ${y}`)
  }
  const cases: Array<[number, number, number, boolean]> = [
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [1900, 2, 29, false],
    [2000, 2, 29, true],
    [1949, 2, 30, false],
    [1949, 4, 31, false],
    [1949, 12, 31, true],
    [1949, 13, 1, false],
    [1949, 0, 1, false],
    [1949, 1, 0, false],
    [1949.5, 1, 1, false],
  ]
  for (const [y, m, d, ok] of cases) t.equal(isValidYmd(y, m, d), ok, `${y}-${m}-${d}`)
  t.equal(ymdKey(new Date(2024, 1, 29)), 20240229)
  const noon = new Date(2024, 5, 15, 12).getTime()
  t.equal(todayKey(noon), 20240615)
  t.equal(todayKey(noon + 3_600_000), 20240615, 'same day, cached')
  t.equal(todayKey(noon + 86_400_000), 20240616, 'next day')
  t.equal(todayKey(noon - 86_400_000), 20240614, 'clock went back')
  // on a frozen clock: two readings either side of midnight would name different days
  mock.timers.enable({ apis: ['Date'], now: new Date(2024, 5, 15, 23, 59, 59, 999).getTime() })
  t.teardown(() => mock.timers.reset())
  t.equal(todayKey(), ymdKey(new Date()), 'default: now')
})

t.test('isValidIdCard', async (t) => {
  const valid = [
    '11010519491231002X',
    '440524188001010014',
    '11010519491231002x',
    makeId('32010220000229123'), // leap day
    makeId('81000019000101001'), // first digit 8, 1900-01-01
    makeId(`110105${MIN_BIRTH_YEAR}0101001`),
  ]
  for (const id of valid) t.ok(isValidIdCard(id), `valid ${id}`)
  const invalid: Array<[string, string]> = [
    [breakId('11010519491231002X'), 'wrong check character'],
    ['110105194912310021', 'wrong check digit'],
    [breakId('440524188001010014'), 'wrong check digit (1880 vector)'],
    [makeId('11010519490230002'), '1949-02-30'],
    [makeId('11010519000229002'), '1900-02-29 (1900 is not leap)'],
    [makeId('11010519491301002'), 'month 13'],
    [makeId('11010519491200002'), 'day 00'],
    [makeId('11010520990101002'), 'born in the future'],
    [makeId('11010517991231002'), 'born before 1800'],
    [makeId('01010519491231002'), 'area code starting with 0'],
    [makeId('91010519491231002'), 'area code starting with 9'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002XX', '19 characters'],
    ['1101051949123100AX', 'a letter inside'],
    ['11010519491231002Y', 'check character Y'],
    ['', 'empty'],
  ]
  for (const [id, why] of invalid) t.notOk(isValidIdCard(id), why)
  // today is the upper bound
  const born = makeId('11010520200517001')
  t.notOk(isValidIdCard(born, new Date(2020, 4, 16)), 'the day before birth')
  t.ok(isValidIdCard(born, new Date(2020, 4, 17)), 'the day of birth')
})

t.test('luhnValid', async (t) => {
  const known = ['4111111111111111', '5500000000000004', '6011111111111117', '378282246310005', '79927398713']
  for (const n of known) t.ok(luhnValid(n), `known valid ${n}`)
  const made = makeLuhn('622202123456789012')
  t.equal(made.length, 19)
  t.ok(luhnValid(made), `computed ${made}`)
  for (const n of ['4111111111111112', breakLuhn(made), '79927398710', '0', '', '4111-1111', 'abcdefghijklmnop']) {
    t.notOk(luhnValid(n), `invalid ${JSON.stringify(n)}`)
  }
  t.ok(luhnValid('00'), 'all zeros sum to 0')
})

t.test('isValidCreditCode', async (t) => {
  t.ok(isValidCreditCode('91350100M000100Y43'), 'the example credit code')
  t.equal(makeCreditCode('91350100M000100Y4'), '91350100M000100Y43', 'independently computed')
  const made = makeCreditCode('12100000400010398')
  t.ok(isValidCreditCode(made), made)
  const bad = [
    '91350100M000100Y44',
    '91350100M000100Y4',
    '91350100M000100Y430',
    '91350100I000100Y43', // I is not in the alphabet
    '91350100m000100Y43', // lowercase
    '91350100Ｍ000100Y43', // full-width
    '91350100M000100Y4I',
  ]
  for (const c of bad) t.notOk(isValidCreditCode(c), c)
})

t.test('detector table', async (t) => {
  t.same(
    DETECTORS.map((d) => [d.kind, d.personal]),
    [
      ['id_card', true],
      ['credit_code', false],
      ['bank_card', true],
      ['email', true],
      ['mobile', true],
      ['passport', true],
      ['plate', true],
    ],
  )
  for (const d of DETECTORS) t.same(d.find(''), [], `${d.kind} finds nothing in ''`)
  const id = DETECTORS.find((d) => d.kind === 'id_card')
  t.same(id?.find('x11010519491231002Xy'), [{ start: 1, end: 19, value: '11010519491231002X' }])
})

t.test('profile and pre-check', async (t) => {
  const none = { at: false, eg: false, province: false, fold: false }
  t.same({ ...profileText('京A12345 E@') }, { ...none, length: 10, digits: 5, digitRun: 5, at: true, eg: true, province: true })
  t.same({ ...profileText('北京Gg') }, { ...none, length: 4, digits: 0, digitRun: 0, eg: true, province: true })
  t.same({ ...profileText('abc') }, { ...none, length: 3, digits: 0, digitRun: 0 })
  // full-width digits count as digits, ＠ as an at sign; both need normalising, CJK punctuation does not
  t.same({ ...profileText('１３８＠，') }, { ...none, length: 5, digits: 3, digitRun: 3, at: true, fold: true })
  t.same({ ...profileText('第十二条，。：') }, { ...none, length: 7, digits: 0, digitRun: 0 })
  t.same({ ...profileText('a\u200Bb') }, { ...none, length: 3, digits: 0, digitRun: 0, fold: true })
  // digit runs: separators of up to 3 characters join digits, anything else breaks them
  t.equal(profileText('138 1234-5678').digitRun, 11)
  t.equal(profileText('(138) 1234 5678').digitRun, 11)
  t.equal(profileText('2024-03-01T09:30:00').digitRun, 8)
  t.equal(profileText('12    34').digitRun, 2)
  t.equal(profileText('１３８\u00A01234\u200B5678').digitRun, 11, 'characters that normalise never break a run')
  t.equal(profileText('11010519491231002X').digitRun, 17)
  t.ok(mayContainPersonal('１２３'))
  t.notOk(mayContainPersonal('没有任何号码'))
  t.notOk(mayContainPersonal('第12条'))
  t.ok(mayContainPersonal('a@b'))
  t.ok(mayContainPersonal('123'))
})

t.test('id cards in text', async (t) => {
  const cases: Array<[string, Array<[DetectorKind, string]>]> = [
    ['11010519491231002X', [['id_card', '11010519491231002X']]],
    ['440524188001010014', [['id_card', '440524188001010014']]],
    ['11010519491231002x', [['id_card', '11010519491231002x']]],
    ['a11010519491231002X', [['id_card', '11010519491231002X']]],
    ['身份证号：11010519491231002X。', [['id_card', '11010519491231002X']]],
    ['身份证号11010519491231002X住址', [['id_card', '11010519491231002X']]],
    ['111010519491231002X1', []],
    ['11010519491231002X1', []],
    ['211010519491231002X', []],
    [breakId('11010519491231002X'), []],
    [makeId('11010519490230002'), []],
    [makeId('11010520990101002'), []],
    [makeId('11010517991231002'), []],
    [makeId('01010519491231002'), []],
    [makeId('91010519491231002'), []],
    [
      '甲11010519491231002X，乙440524188001010014',
      [
        ['id_card', '11010519491231002X'],
        ['id_card', '440524188001010014'],
      ],
    ],
  ]
  for (const [text, want] of cases) t.same(kinds(text), want, text)
})

t.test('look-alikes that are not personal', async (t) => {
  // 18-digit order numbers: wrong ID check digit and not Luhn-valid either
  const orders = ['110105194912310021', '202312011234567892', '320102198001011230']
  for (const o of orders) {
    t.notOk(isValidIdCard(o), `${o} precondition: not an ID`)
    t.notOk(luhnValid(o), `${o} precondition: not Luhn`)
    t.same(detectPersonal(`订单号${o}`), [], o)
  }
  const cases: Array<[string, Array<[DetectorKind, string]>]> = [
    ['统一社会信用代码91350100M000100Y43', [['credit_code', '91350100M000100Y43']]],
    ['91350100M000100Y44', []],
    ['20231201123456789012', []], // 20 digits
    ['2023-12-01 12:34:56', []],
    ['20231201', []],
    ['金额13812345678.00元', []], // an amount with decimals, not a mobile
    ['0.13812345678', []],
    ['1.5E12345678', []], // a float in E notation, not a passport
    ['记录913812345678', []], // a mobile glued to digits
    ['138123456789', []],
    ['12812345678', []], // 12x is not a mobile prefix
    ['11812345678', []],
    ['第20231201号文件', []],
    ['北京ABCDEF公司', []], // province + letters, not a plate
    ['京A1234567', []],
  ]
  for (const [text, want] of cases) t.same(kinds(text), want, text)
  for (const [text] of cases) t.same(detectPersonal(text), [], `personal: ${text}`)
})

t.test('mobiles', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['13812345678', ['13812345678']],
    ['请联系13812345678处理', ['13812345678']],
    ['+8613812345678', ['+8613812345678']],
    ['+86 13812345678', ['+86 13812345678']],
    ['+86-13812345678', ['+86-13812345678']],
    ['86-13812345678', ['86-13812345678']],
    ['8613812345678', ['8613812345678']],
    ['008613812345678', ['008613812345678']],
    ['138-1234-5678', ['138-1234-5678']],
    ['138 1234 5678', ['138 1234 5678']],
    ['电话：13812345678。', ['13812345678']],
    ['tel:19912345678,', ['19912345678']],
    ['电话13812345678.下次', ['13812345678']], // a full stop is not a decimal point
    ['13812345678/13987654321', ['13812345678', '13987654321']],
    ['138-1234 5678', ['138-1234 5678']], // mixed separators (issue 9: real data mixes them)
  ]
  for (const [text, want] of cases) {
    const found = detectAll(text)
    t.same(
      found.map((f) => f.value),
      want,
      text,
    )
    t.ok(
      found.every((f) => f.kind === 'mobile' && text.slice(f.start, f.end) === f.value),
      `${text}: offsets`,
    )
  }
})

t.test('bank cards', async (t) => {
  const c19 = makeLuhn('622202123456789012')
  const c16 = makeLuhn('622848001234567')
  const c18 = makeLuhn('62220212345678901')
  t.notOk(isValidIdCard(c18), 'precondition: the 18-digit card is not an ID')
  t.notOk(isValidCreditCode(c18), 'precondition: nor a credit code')
  const grouped19 = `${c19.slice(0, 4)} ${c19.slice(4, 8)} ${c19.slice(8, 12)} ${c19.slice(12, 16)} ${c19.slice(16)}`
  const tail = '4111 1111 1111 1111 5'
  t.notOk(luhnValid('41111111111111115'), 'precondition: the 17-digit grouped number fails Luhn')
  const cases: Array<[string, string[]]> = [
    ['4111111111111111', ['4111111111111111']],
    ['5500000000000004', ['5500000000000004']],
    [`卡号${c16}，`, [c16]],
    [`卡号${c19}`, [c19]],
    [c18, [c18]],
    ['4111 1111 1111 1111', ['4111 1111 1111 1111']],
    ['4111-1111-1111-1111', ['4111-1111-1111-1111']],
    [grouped19, [grouped19]],
    [tail, ['4111 1111 1111 1111']],
    ['4111 1111-1111 1111', ['4111 1111-1111 1111']], // mixed separators (issue 9: real data mixes them)
    [breakLuhn('4111111111111111'), []],
    [breakLuhn(c19), []],
    ['911111111111111', []], // 15 digits (and not a first-generation ID: 91 is no province)
    [`${c19}0`, []], // 20 digits
    [`9${c16}`, []], // glued to a digit
    ['4111111111111111.00', []], // an amount
  ]
  for (const [text, want] of cases) {
    t.same(
      detectAll(text).map((f) => f.value),
      want,
      text,
    )
  }
  t.ok(
    detectAll('4111111111111111').every((f) => f.kind === 'bank_card'),
    'kind bank_card',
  )
})

t.test('emails', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['zhang.san@gov.cn', ['zhang.san@gov.cn']],
    ['联系zhang.san@gov.cn处理', ['zhang.san@gov.cn']],
    ['user.name+tag@mail.example.com.cn', ['user.name+tag@mail.example.com.cn']],
    ['a_b-c%d@sub-domain.example.org', ['a_b-c%d@sub-domain.example.org']],
    ['.a@b.cn', ['a@b.cn']],
    ['a@b.cn,c@d.cn', ['a@b.cn', 'c@d.cn']],
    ['a@b@c.cn', ['b@c.cn']],
    ['邮箱：ZHANG@GOV.CN。', ['ZHANG@GOV.CN']],
    ['@gov.cn', []],
    ['.@gov.cn', []],
    ['a@b', []],
    ['a@b.c', []],
    ['a@b.c0m', []],
    ['a@-b.cn', []],
    ['weibo @某人 说', []],
  ]
  for (const [text, want] of cases) {
    t.same(
      detectAll(text).map((f) => f.value),
      want,
      text,
    )
  }
})

t.test('passports and plates', async (t) => {
  const cases: Array<[string, Array<[DetectorKind, string]>]> = [
    ['E12345678', [['passport', 'E12345678']]],
    ['G12345678', [['passport', 'G12345678']]],
    ['EA1234567', [['passport', 'EA1234567']]],
    ['护照号E12345678。', [['passport', 'E12345678']]],
    ['EI1234567', []], // I is not used
    ['EO1234567', []], // O is not used
    ['E123456789', []],
    ['XE12345678', []],
    ['E12345678X', []],
    ['e12345678', []],
    ['京A12345', [['plate', '京A12345']]],
    ['车牌沪AD12345违章', [['plate', '沪AD12345']]],
    ['粤B D12345', [['plate', '粤B D12345']]],
    ['京A·12345', [['plate', '京A·12345']]],
    ['苏E-1234F', [['plate', '苏E-1234F']]],
    ['京AB1234', [['plate', '京AB1234']]],
    ['京A1B2C3', [['plate', '京A1B2C3']]],
    ['京AB12CD', []], // only 2 digits in the tail
    ['京a12345', []],
    ['京A12345X7', []],
  ]
  for (const [text, want] of cases) t.same(kinds(text), want, text)
})

t.test('precedence between overlapping detectors', async (t) => {
  // an ID that also passes Luhn is an ID, not a bank card
  const next = digitStream(7)
  let idLuhn = ''
  let idCredit = ''
  while (idLuhn === '' || idCredit === '') {
    const id = makeId(`11010519491231${next(3)}`)
    if (id.endsWith('X')) continue
    if (idLuhn === '' && luhnValid(id)) idLuhn = id
    if (idCredit === '' && isValidCreditCode(id)) idCredit = id
  }
  t.same(kinds(idLuhn), [['id_card', idLuhn]], 'ID passing Luhn')
  t.same(kinds(idCredit), [['id_card', idCredit]], 'ID passing the credit-code check')
  t.same(
    detectPersonal(idCredit).map((f) => f.kind),
    ['id_card'],
  )
  // an all-digit credit code passing Luhn is a credit code, not personal
  let ccLuhn = ''
  while (ccLuhn === '') {
    const cc = makeCreditCode(`91350100${next(9)}`)
    if (/^\d{18}$/.test(cc) && luhnValid(cc) && !isValidIdCard(cc)) ccLuhn = cc
  }
  t.same(kinds(ccLuhn), [['credit_code', ccLuhn]], 'credit code passing Luhn')
  t.same(detectPersonal(ccLuhn), [], 'not personal')
  t.same(detectPersonal(`${ccLuhn} 13812345678`).map((f) => f.value), ['13812345678'])
  // an email containing a mobile or an ID is one email
  t.same(kinds('13812345678@163.com'), [['email', '13812345678@163.com']])
  t.same(kinds('11010519491231002X@qq.com'), [['email', '11010519491231002X@qq.com']])
})

t.test('several kinds in one text, in order, non-overlapping', async (t) => {
  const text =
    '当事人张三（身份证11010519491231002X），电话+86 13812345678，邮箱zhang.san@gov.cn，' +
    '卡号4111 1111 1111 1111，车牌京A12345，护照E12345678，单位91350100M000100Y43。'
  const all = detectAll(text)
  t.same(
    all.map((f) => f.kind),
    ['id_card', 'mobile', 'email', 'bank_card', 'plate', 'passport', 'credit_code'],
  )
  for (const f of all) t.equal(text.slice(f.start, f.end), f.value, `${f.kind} offsets`)
  for (let i = 1; i < all.length; i++) t.ok((all[i - 1]?.end ?? 0) <= (all[i]?.start ?? 0), 'non-overlapping')
  t.same(
    detectPersonal(text).map((f) => f.kind),
    ['id_card', 'mobile', 'email', 'bank_card', 'plate', 'passport'],
  )
  t.same(detectAll('第3条'), [])
  t.same(detectPersonal('只有汉字'), [])
  t.same(detectPersonal('第12345678条'), [], 'digits but nothing personal')
})
