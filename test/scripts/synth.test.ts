/**
 * The synthetic-data generators: check digits (recomputed here independently of scripts/synth),
 * determinism for a seed, and code-point handling (names outside the BMP).
 */
import t from 'tap'
import * as synth from '../../scripts/synth/index.ts'

// ---- independent reference implementations -------------------------------------------------

function refIdCardValid(id: string): boolean {
  if (!/^[1-8][0-9]{16}[0-9X]$/.test(id)) return false
  const y = +id.slice(6, 10)
  const m = +id.slice(10, 12)
  const d = +id.slice(12, 14)
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (w[i] as number)
  return '10X98765432'[sum % 11] === id[17]
}

function refLuhn(num: string): boolean {
  if (!/^[0-9]+$/.test(num)) return false
  let sum = 0
  const digits = num.split('').reverse().map(Number)
  digits.forEach((dig, i) => {
    if (i % 2 === 1) {
      const x = dig * 2
      sum += x > 9 ? x - 9 : x
    } else sum += dig
  })
  return sum % 10 === 0
}

const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function refCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CC.indexOf(code[i] as string) * (w[i] as number)
  return CC[(31 - (sum % 31)) % 31] === code[17]
}

function refOrgCode(code: string): boolean {
  const w = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += parseInt(code[i] as string, 36) * (w[i] as number)
  const c = 11 - (sum % 11)
  return (c === 10 ? 'X' : c === 11 ? '0' : String(c)) === code[8]
}

// ---- known vectors -------------------------------------------------------------------------

t.test('known check-digit vectors', async (t) => {
  for (const id of ['11010519491231002X', '440524188001010014']) {
    t.ok(refIdCardValid(id), `${id} valid (reference)`)
    t.ok(synth.isValidIdCard(id), `${id} valid (synth)`)
    t.equal(synth.idCardCheckChar(id.slice(0, 17)), id[17])
  }
  t.notOk(synth.isValidIdCard('110105194912310021'), 'wrong check character')
  t.notOk(synth.isValidIdCard('11010519490231002X'), 'February 31st')
  t.notOk(synth.isValidIdCard('91010519491231002X'), 'area code starting with 9')
  t.notOk(synth.isValidIdCard('11010519491231002x'), 'lower-case x')
  t.ok(synth.isLuhnValid('4111111111111111'))
  t.ok(refLuhn('4111111111111111'))
  t.equal(synth.luhnCheckDigit('411111111111111'), '1')
  t.notOk(synth.isLuhnValid('4111111111111112'))
  t.ok(synth.isValidCreditCode('91350100M000100Y43'), 'a published example credit code')
  t.ok(refCreditCode('91350100M000100Y43'))
  t.notOk(synth.isValidCreditCode('91350100M000100Y44'))
  t.equal(synth.orgCodeCheckChar('M000100Y'), '4', 'organisation code inside 91350100M000100Y43')
  t.ok(refOrgCode('M000100Y4'))
  t.ok(synth.isValidOrgCode('M000100Y4'))
  t.notOk(synth.isValidOrgCode('M000100Y5'))
  t.ok(synth.isValidDate(2024, 2, 29))
  t.notOk(synth.isValidDate(1900, 2, 29))
  t.ok(synth.isValidDate(2000, 2, 29))
})

// ---- generated values ----------------------------------------------------------------------

t.test('generated ID numbers are valid and consistent with the options', async (t) => {
  const rng = new synth.Rng('ids')
  const codes = new Set(synth.ALL_AREA_CODES)
  let bad = 0
  for (let i = 0; i < 5000; i++) {
    const card = synth.idCardDetailed(rng)
    if (!refIdCardValid(card.id) || !synth.isValidIdCard(card.id)) bad++
    if (!codes.has(card.id.slice(0, 6))) bad++
    const birth = synth.idCardBirthDate(card.id)
    if (birth < '1940-01-01' || birth > '2005-12-31' || birth !== card.birthDate) bad++
    if (synth.idCardSex(card.id) !== card.sex) bad++
  }
  t.equal(bad, 0, 'all 5000 valid, birth 1940–2005, known area codes, sex parity')
  const fixed = synth.idCardDetailed(rng, { areaCode: '440106', birthDate: '1990-02-28', sex: 'F' })
  t.match(fixed.id, /^44010619900228\d\d[02468][0-9X]$/)
  t.ok(refIdCardValid(fixed.id))
  t.throws(() => synth.idCardNumber(rng, { areaCode: '910105' }))
})

t.test('mobile, landline, bank card, credit code, plate, e-mail formats', async (t) => {
  const rng = new synth.Rng('formats')
  let bad = 0
  for (let i = 0; i < 3000; i++) {
    if (!/^1[3-9][0-9]{9}$/.test(synth.mobileNumber(rng))) bad++
    if (!/^0[0-9]{2,3}-[2-8][0-9]{7}$/.test(synth.landlineNumber(rng, rng.pick(['010', '021', '0755'])))) bad++
    const card = synth.bankCardNumber(rng)
    if (!/^(6222|6217|6228)([0-9]{12}|[0-9]{15})$/.test(card) || !refLuhn(card)) bad++
    const code = synth.creditCode(rng, { kind: rng.pick(['government', 'institution', 'enterprise', 'private-non-enterprise', 'social-group', 'individual-business'] as const), areaCode: rng.pick(synth.DISTRICTS).code })
    if (!refCreditCode(code) || !synth.isValidCreditCode(code) || !refOrgCode(code.slice(8, 17))) bad++
    // never mistaken for personal identifiers by the detectors
    if (/[0-9]{11,}/.test(code) || /[EG][0-9]{7}/.test(code)) bad++
    const plate = synth.licensePlate(rng)
    if (!/^[京沪粤川][A-Z](?:[A-HJ-NP-Z0-9]{5}|[DF][0-9]{5})$/.test(plate)) bad++
    if (!/^[a-z0-9._]+@[a-z0-9.]+\.(com|cn)$/.test(synth.emailAddress(rng))) bad++
  }
  t.equal(bad, 0)
  t.match(synth.licensePlate(rng, { city: 'beijing', newEnergy: true }), /^京[A-Z][DF][0-9]{5}$/)
  t.equal(synth.bankCardNumber(rng, { prefix: '6228', length: 16 }).length, 16)
  t.match(synth.emailAddress(rng, { pinyin: ['zhang', 'san'], domain: 'gov.cn' }), /zhang|san|^[0-9]+@/)
  t.match(synth.emailAddress(rng, { gov: true }), /gov\.cn$/)
})

t.test('addresses, company names, dates', async (t) => {
  const rng = new synth.Rng('addresses')
  for (let i = 0; i < 500; i++) {
    const d = synth.pickDistrict(rng)
    const a = synth.residentialAddress(rng, d)
    if (!a.startsWith(synth.districtPrefix(d))) t.fail(`${a} does not start with ${synth.districtPrefix(d)}`)
    if (!/号/.test(a)) t.fail(a)
  }
  t.match(synth.streetAddress(rng, 'beijing'), /^北京市[^市]+区.+[0-9]+号$/)
  t.match(synth.residentialAddress(rng, 'guangzhou'), /^广东省广州市/)
  t.match(synth.companyName(rng, { city: '北京' }), /^北京.+/)
  t.match(synth.companyName(rng, { form: '股份有限公司' }), /股份有限公司$/)
  for (let i = 0; i < 2000; i++) {
    const d = synth.dateBetween(rng, '2019-12-30', '2020-03-01')
    if (d < '2019-12-30' || d > '2020-03-01' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) t.fail(d)
    const dt = synth.datetimeBetween(rng, '2024-03-01', '2024-03-31', { officeHours: true })
    const wd = synth.weekday(dt.slice(0, 10))
    if (wd === 0 || wd === 6 || dt.slice(11) < '08:30:00' || dt.slice(11) > '17:30:00') t.fail(dt)
  }
  t.equal(synth.epochDay('1970-01-01'), 0)
  t.equal(synth.isoDate(synth.epochDay('2024-02-29') + 1), '2024-03-01')
  t.equal(synth.addDays('2024-12-31', 1), '2025-01-01')
  t.equal(synth.weekday('2024-03-01'), 5, 'a Friday')
  t.equal(synth.ageOn('1990-06-15', '2024-06-14'), 33)
  t.equal(synth.ageOn('1990-06-15', '2024-06-15'), 34)
  t.throws(() => synth.epochDay('2023-02-29'))
  t.throws(() => synth.epochDay('2023/01/01'))
  for (let day = -30000; day < 60000; day += 7) {
    const ref = new Date(day * 86_400_000).toISOString().slice(0, 10)
    if (synth.isoDate(day) !== ref || synth.epochDay(ref) !== day) t.fail(`day ${day}`)
  }
})

t.test('names: code points, non-BMP characters about 1 in 200', async (t) => {
  const rng = new synth.Rng('names')
  const N = 20000
  let nonBmp = 0
  let badLength = 0
  for (let i = 0; i < N; i++) {
    const n = synth.personNameDetailed(rng)
    const len = synth.codePointLength(n.name)
    if (len < 2 || len > 4) badLength++
    if (synth.hasNonBmp(n.name)) {
      nonBmp++
      if (n.name.length === len) t.fail('non-BMP name has as many UTF-16 units as code points')
    }
    if (n.pinyin.length !== Array.from(n.name).length - (len > 3 || /^(欧阳|司马|诸葛|上官)/.test(n.name) ? 1 : 0)) {
      if (!/^(欧阳|司马|诸葛|上官)/.test(n.name)) t.fail(`pinyin ${n.pinyin.join(' ')} for ${n.name}`)
    }
  }
  t.equal(badLength, 0, 'every name has 2–4 code points')
  t.ok(nonBmp > N * 0.002 && nonBmp < N * 0.01, `${nonBmp} of ${N} names have a non-BMP character`)
  t.equal(synth.codePointLength('李𠮷'), 2)
  t.equal('李𠮷'.length, 3)
  t.ok(synth.hasNonBmp('𪚥'))
  t.notOk(synth.hasNonBmp('张三丰'))
  for (const [c] of synth.NON_BMP_NAME_CHARS) t.ok((c.codePointAt(0) as number) > 0xffff, `${c} is outside the BMP`)
})

t.test('deterministic for a seed, independent forks', async (t) => {
  const draw = (seed: string): string[] => {
    const rng = new synth.Rng(seed)
    return Array.from({ length: 50 }, () =>
      [synth.personName(rng), synth.idCardNumber(rng), synth.mobileNumber(rng), synth.bankCardNumber(rng),
        synth.residentialAddress(rng), synth.licensePlate(rng), synth.creditCode(rng), synth.emailAddress(rng),
        synth.dateBetween(rng, '2000-01-01', '2024-12-31'), rng.normal().toFixed(12)].join('|'))
  }
  t.same(draw('seed-a'), draw('seed-a'), 'same seed, same values')
  t.not(draw('seed-a').join(), draw('seed-b').join(), 'another seed, other values')
  const first = new synth.Rng(42)
  t.same(Array.from({ length: 5 }, () => first.nextUint32()), Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new synth.Rng('42'))))

  const a = new synth.Rng('parent')
  const fa = a.fork('x')
  const b = new synth.Rng('parent')
  b.next()
  b.next()
  const fb = b.fork('x')
  t.equal(fa.nextUint32(), fb.nextUint32(), 'a fork does not depend on how far the parent has run')
  t.not(new synth.Rng('parent').fork('x').nextUint32(), new synth.Rng('parent').fork('y').nextUint32())
})

t.test('Rng helpers', async (t) => {
  const rng = new synth.Rng('helpers')
  const counts = [0, 0, 0]
  for (let i = 0; i < 30000; i++) {
    const x = rng.next()
    if (x < 0 || x >= 1) t.fail(`next() out of range: ${x}`)
    const k = rng.int(0, 2)
    counts[k] = (counts[k] as number) + 1
  }
  for (const c of counts) t.ok(c > 9000 && c < 11000, `uniform int: ${counts.join(', ')}`)
  let heavy = 0
  const pick = synth.weightedPicker([['a', 9], ['b', 1]] as const)
  for (let i = 0; i < 10000; i++) if (pick(rng) === 'a') heavy++
  t.ok(heavy > 8700 && heavy < 9300, `weighted: ${heavy}`)
  t.same(rng.shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5])
  t.equal(new Set(rng.sample([1, 2, 3, 4, 5, 6], 4)).size, 4)
  t.match(rng.digits(12), /^[0-9]{12}$/)
  t.throws(() => rng.int(3, 1))
  t.throws(() => rng.pick([]))
  t.throws(() => synth.weightedPicker([]))
})
