import t from 'tap'
import { createHmac } from 'node:crypto'
import type { PiiKind } from '../../src/desensitise/types.ts'
import { normaliseForPseudonym, pseudonym, pseudonymizerFor } from '../../src/desensitise/hash.ts'

const key = Buffer.from('test-key-0123456789abcdef', 'utf8')
const other = Buffer.from('another-key-0123456789abc', 'utf8')

t.test('token shape and determinism', async (t) => {
  const a = pseudonym('11010519491231002X', key, 'id_card')
  t.match(a, /^[0-9a-f]{16}$/)
  t.equal(pseudonym('11010519491231002X', key, 'id_card'), a, 'same input, same token')
  t.equal(pseudonymizerFor(key, 'id_card')('11010519491231002X'), a, 'compiled form agrees')
  t.equal(a, createHmac('sha256', key).update('11010519491231002X').digest('hex').slice(0, 16), 'is HMAC-SHA256')
  t.not(pseudonym('11010519491231002X', other, 'id_card'), a, 'different key, different token')
  t.not(pseudonym('440524188001010014', key, 'id_card'), a, 'different input, different token')
  t.equal(pseudonym('11010519491231002X', key), a, 'an ID-shaped value joins with or without pii')
})

t.test('normalisation', async (t) => {
  const same: Array<[PiiKind | undefined, string, string]> = [
    ['id_card', '11010519491231002x', '11010519491231002X'],
    ['id_card', ' 110105 19491231 002X ', '11010519491231002X'],
    ['id_card', '１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'], // full width
    [undefined, '11010519491231002x', '11010519491231002X'],
    ['mobile', '+86 138-1234-5678', '13812345678'],
    ['mobile', '008613812345678', '13812345678'],
    ['mobile', '86 (138) 1234 5678', '13812345678'],
    ['bank_card', '6222 0212 3456 1234', '6222021234561234'],
    ['bank_card', '6222-0212-3456-1234', '6222021234561234'],
    ['phone', '(010) 1234-5678', '01012345678'],
    ['email', 'Zhang.San@GOV.cn', 'zhang.san@gov.cn'],
    ['passport', 'e12345678', 'E12345678'],
    ['plate', '京a 12345', '京A12345'],
    [undefined, '138 1234 5678', '13812345678'],
    [undefined, '6222-0212-3456-1234', '6222021234561234'],
    ['name', ' 张三 ', '张三'],
  ]
  for (const [pii, a, b] of same) {
    t.equal(pseudonym(a, key, pii), pseudonym(b, key, pii), `${pii}: ${a} ≡ ${b}`)
  }
  const cases: Array<[PiiKind | undefined, string, string]> = [
    ['name', 'Zhang San', 'Zhang San'],
    ['address', ' 北京市 朝阳区 ', '北京市 朝阳区'],
    [undefined, 'a-b', 'a-b'],
    ['none', '12-34', '1234'],
    ['mobile', '8613812', '8613812'],
  ]
  for (const [pii, v, want] of cases) t.equal(normaliseForPseudonym(v, pii), want, `${pii}: ${v}`)
  t.not(pseudonym('Zhang', key, 'name'), pseudonym('zhang', key, 'name'), 'names keep their case')
})

t.test('empty values and keys', async (t) => {
  t.equal(pseudonym('', key, 'id_card'), '')
  t.equal(pseudonym('   ', key, 'name'), '')
  t.throws(() => pseudonymizerFor(Buffer.alloc(0)), /pseudonym key is empty/)
})
