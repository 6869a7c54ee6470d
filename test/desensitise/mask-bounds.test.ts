import t from 'tap'
import type { PiiKind } from '../../src/catalog/schema.ts'
import { CUSTOM_MASK_BOUNDS, customMaskExcess } from '../../src/catalog/mask-bounds.ts'
import { compileDesensitiser } from '../../src/desensitise/rules.ts'
import { maskValue } from '../../src/desensitise/mask.ts'

/** kind, its bound, a value, what the widest allowed custom mask shows of it */
const BOUNDS: Array<[PiiKind, number, number, string, string]> = [
  ['name', 1, 1, '欧阳娜娜', '欧**娜'],
  ['id_card', 6, 4, '11010519491231002X', '110105********002X'],
  ['mobile', 3, 4, '13812345678', '138****5678'],
  ['phone', 4, 2, '0755-1234567', '0755******67'],
  ['bank_card', 6, 4, '6222021234561236', '622202******1236'],
  ['email', 1, 0, 'zhang.san@gov.cn', 'z***************'],
  ['address', 6, 0, '北京市朝阳区建国路88号', '北京市朝阳区******'],
  ['plate', 2, 1, '京A12345', '京A****5'],
  ['passport', 1, 2, 'E12345678', 'E******78'],
]

t.test('per-kind bounds: at the bound is allowed, one more at either end is not', async (t) => {
  t.same(Object.keys(CUSTOM_MASK_BOUNDS).sort(), BOUNDS.map(([k]) => k).sort(), 'every personal kind has a bound')
  for (const [pii, ks, ke, value, shown] of BOUNDS) {
    t.same([CUSTOM_MASK_BOUNDS[pii]?.keep_start, CUSTOM_MASK_BOUNDS[pii]?.keep_end], [ks, ke], `${pii} bound`)
    t.equal(customMaskExcess(pii, { keep_start: ks, keep_end: ke }), undefined, `${pii} ${ks}/${ke} allowed`)
    t.equal(maskValue(value, pii, { keep_start: ks, keep_end: ke }), shown, `${pii}: the most it shows`)
    t.match(customMaskExcess(pii, { keep_start: ks + 1, keep_end: ke }), new RegExp(`shows too much of an? ${pii}: at most keep_start ${ks} and keep_end ${ke} \\(`))
    t.ok(customMaskExcess(pii, { keep_start: ks, keep_end: ke + 1 }), `${pii} ${ks}/${ke + 1} refused`)
  }
  t.equal(customMaskExcess('none', { keep_start: 50, keep_end: 50 }), undefined, 'not personal: no bound')
  t.equal(customMaskExcess(undefined, { keep_start: 50, keep_end: 50 }), undefined, 'no pii: no bound')
})

t.test('the rules refuse a mask beyond its bound even when the validator did not run', async (t) => {
  t.throws(
    () => compileDesensitiser([{ name: 'id_no', type: 'string', pii: 'id_card', rule: { mask: { keep_start: 14, keep_end: 0 } } }], Buffer.from('k')),
    /field "id_no": \{ mask: \{ keep_start: 14, keep_end: 0 \} \} shows too much of an id_card/,
  )
})
