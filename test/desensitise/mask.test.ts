import t from 'tap'
import type { PiiKind } from '../../src/desensitise/types.ts'
import {
  codePointLength,
  maskCustom,
  maskGeneric,
  maskValue,
  maskerFor,
} from '../../src/desensitise/mask.ts'
import { districtEnd } from '../../src/desensitise/address.ts'

t.test('SPEC §4.1 examples', async (t) => {
  const cases: Array<[string, PiiKind, string]> = [
    ['张三丰', 'name', '张**'],
    ['11010519491231002X', 'id_card', '110105********002X'],
    ['13812345678', 'mobile', '138****5678'],
    ['6222021234561234', 'bank_card', '6222 **** **** 1234'],
    ['zhang.san@gov.cn', 'email', 'z********@gov.cn'],
    ['北京市朝阳区建国路88号', 'address', '北京市朝阳区******'],
    ['京A12345', 'plate', '京A****5'],
  ]
  for (const [value, pii, want] of cases) t.equal(maskValue(value, pii), want, `${pii} ${value}`)
})

t.test('presets', async (t) => {
  const cases: Array<[string, PiiKind | undefined, string]> = [
    // name
    ['张三', 'name', '张*'],
    ['张', 'name', '*'],
    ['欧阳娜娜', 'name', '欧***'],
    ['买买提·艾力', 'name', '买*****'],
    ['', 'name', ''],
    // id_card
    ['11010519491231002x', 'id_card', '110105********002x'],
    ['110105491231002', 'id_card', '110105******002'],
    ['12345', 'id_card', '1***5'],
    ['110105𠀀9491231002X', 'id_card', '1****************X'],
    // mobile
    ['+8613812345678', 'mobile', '+86138****5678'],
    ['+86 13812345678', 'mobile', '+86 138****5678'],
    ['86-13812345678', 'mobile', '86-138****5678'],
    ['008613812345678', 'mobile', '0086138****5678'],
    ['138-1234-5678', 'mobile', '138-****-5678'],
    ['1381234567', 'mobile', '1********7'],
    ['86138123', 'mobile', '8******3'],
    // phone
    ['010-12345678', 'phone', '010-******78'],
    ['0755-1234567', 'phone', '0755-*****67'],
    ['(010)12345678', 'phone', '(010)******78'],
    ['(0755) 12345678', 'phone', '(0755) ******78'],
    ['01012345678', 'phone', '010******78'],
    ['075512345678', 'phone', '0755******78'],
    ['12345678', 'phone', '******78'],
    ['13812345678', 'phone', '138****5678'],
    ['+86 138-1234-5678', 'phone', '+86 138-****-5678'],
    ['010-12', 'phone', '0****2'],
    // bank_card
    ['6222 0212 3456 1234', 'bank_card', '6222 **** **** 1234'],
    ['6222-0212-3456-1234', 'bank_card', '6222 **** **** 1234'],
    ['62220212345612345', 'bank_card', '6222 **** **** **** 2345'],
    ['622202123456123456', 'bank_card', '6222 **** **** **** 3456'],
    ['6222021234567890128', 'bank_card', '6222 **** **** **** 0128'],
    ['622202123456', 'bank_card', '6222 **** 3456'],
    ['62220212345', 'bank_card', '6*********5'],
    // email
    ['a@b.cn', 'email', '*@b.cn'],
    ['张三@例子.中国', 'email', '张*@例子.中国'],
    ['no-at-sign', 'email', 'n********n'],
    ['@gov.cn', 'email', '@*****n'],
    ['a@b@gov.cn', 'email', 'a**@gov.cn'],
    // address
    ['上海市浦东新区世纪大道100号', 'address', '上海市浦东新区********'],
    ['广西壮族自治区南宁市青秀区民族大道1号', 'address', '广西壮族自治区南宁市青秀区******'],
    ['江苏省苏州市昆山市玉山镇1号', 'address', '江苏省苏州市昆山市*****'],
    ['建国路88号', 'address', '建*****'],
    ['北京市朝阳区', 'address', '北京市朝阳区'],
    // plate
    ['沪AD12345', 'plate', '沪A*****5'],
    ['粤B D12345', 'plate', '粤B *****5'],
    ['京A·12345', 'plate', '京A·****5'],
    ['京A1234警', 'plate', '京A***4警'],
    ['京A1', 'plate', '京*1'],
    ['京A·#', 'plate', '京A·#'],
    // passport
    ['E12345678', 'passport', 'E******78'],
    ['EA1234567', 'passport', 'E******67'],
    ['E12', 'passport', 'E*2'],
    // generic: none / no pii
    ['abc', 'none', 'a*c'],
    ['abcdef', undefined, 'a****f'],
    ['ab', undefined, '**'],
    ['a', undefined, '*'],
    ['', undefined, ''],
    ['2023-05-17', undefined, '2********7'],
  ]
  for (const [value, pii, want] of cases) t.equal(maskValue(value, pii), want, `${pii} ${value}`)
})

t.test('identifier presets mask the form the detectors read', async (t) => {
  const cases: Array<[string, PiiKind, string]> = [
    ['１３８１２３４５６７８', 'mobile', '138****5678'],
    ['138\u200B1234\u200B5678', 'mobile', '138****5678'],
    ['＋８６ １３８ １２３４ ５６７８', 'mobile', '+86 138 **** 5678'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'id_card', '110105********002X'],
    ['110105\u00A019491231\u00A0002X', 'id_card', '110105 ******** 002X'],
    ['１１０１０５４９１２３１００２', 'id_card', '110105******002'],
    ['６２２２０２１２３４５６１２３６', 'bank_card', '6222 **** **** 1236'],
    ['zhang.san＠gov.cn', 'email', 'z********@gov.cn'],
    ['Ｅ１２３４５６７８', 'passport', 'E******78'],
    ['京Ａ１２３４５', 'plate', '京A****5'],
    ['０１０－１２３４５６７８', 'phone', '010-******78'],
    ['张三丰', 'name', '张**'],
    ['Ｚｈａｎｇ', 'name', 'Ｚ****'], // names are masked as written
  ]
  for (const [value, pii, want] of cases) t.equal(maskValue(value, pii), want, `${pii} ${value}`)
})

t.test('code points, not UTF-16 units', async (t) => {
  const cases: Array<[string, PiiKind | undefined, string]> = [
    ['𠀀三', 'name', '𠀀*'],
    ['张𠮷', 'name', '张*'],
    ['𠮷𠮷𠮷', undefined, '𠮷*𠮷'],
    ['𠮷𠮷', undefined, '**'],
    ['𠮷@gov.cn', 'email', '*@gov.cn'],
    ['北京市朝阳区𠮷路', 'address', '北京市朝阳区**'],
    ['𠮷a𠮷b𠮷', 'passport', '𠮷**b𠮷'],
  ]
  for (const [value, pii, want] of cases) {
    const got = maskValue(value, pii)
    t.equal(got, want, `${pii} ${value}`)
    t.equal(codePointLength(got), codePointLength(value), `${value}: same length in code points`)
  }
  t.equal(codePointLength('𠮷a'), 2)
  t.equal(codePointLength('abc'), 3)
})

t.test('custom keep_start / keep_end', async (t) => {
  const cases: Array<[string, number, number, string]> = [
    ['13812345678', 3, 4, '138****5678'],
    ['13812345678', 0, 4, '*******5678'],
    ['13812345678', 3, 0, '138********'],
    ['13812345678', 0, 0, '***********'],
    ['张三丰', 1, 0, '张**'],
    ['张三丰', 1, 1, '张*丰'],
    ['张三丰', 1, 2, '张**'], // keep_start + keep_end ≥ length: keep_start only
    ['张三丰', 2, 2, '张三*'],
    ['张三丰', 5, 5, '张三*'], // still hides something
    ['张三丰', 3, 0, '张三*'],
    ['𠮷𠮷𠮷𠮷', 1, 1, '𠮷**𠮷'],
    ['a', 0, 0, '*'],
    ['a', 1, 1, '*'],
    ['', 2, 2, ''],
    ['abcdef', 1.7, -3, 'a*****'], // defensive: floored, negatives as 0
  ]
  for (const [value, ks, ke, want] of cases) {
    t.equal(maskValue(value, 'name', { keep_start: ks, keep_end: ke }), want, `${value} ${ks}/${ke}`)
    t.equal(maskCustom(value, ks, ke), want)
  }
})

t.test('maskerFor', async (t) => {
  t.equal(maskerFor(undefined), maskGeneric)
  t.equal(maskerFor('none'), maskGeneric)
  t.equal(maskerFor('bogus' as PiiKind)('abcdef'), 'a****f', 'unknown pii falls back to generic')
  t.equal(maskerFor('mobile', { keep_start: 0, keep_end: 2 })('13812345678'), '*********78')
})

t.test('address anchors', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['北京市朝阳区建国路88号', '北京市朝阳区'],
    ['北京市市辖区', '北京市市辖区'],
    ['河北省保定市涞水县某村', '河北省保定市涞水县'],
    ['内蒙古自治区呼和浩特市土默特左旗察素齐镇', '内蒙古自治区呼和浩特市土默特左旗'],
    ['新疆维吾尔自治区阿克苏地区阿克苏市解放路1号', '新疆维吾尔自治区阿克苏地区阿克苏市'],
    ['湖北省恩施土家族苗族自治州来凤县', '湖北省恩施土家族苗族自治州来凤县'],
    ['长春市红旗街1号', '长春市'],
    ['北京市望京小区3号楼', '北京市'],
    ['北京市建国路88号院3区', '北京市'],
    ['江苏省苏州市菜市场路1号', '江苏省苏州市'],
    ['江苏省苏州市昆山市玉山镇', '江苏省苏州市昆山市'],
    ['江苏省苏州市人民路1号市场', '江苏省苏州市'],
    ['江苏省苏州市ab市', '江苏省苏州市'],
    ['江苏省苏州市人民路市', '江苏省苏州市'],
    ['苏州市工业园区星湖街328号', '苏州市'],
    ['浙江省某地', '浙江省'],
    ['西藏自治区', '西藏自治区'],
    ['香港特别行政区中西区', '香港特别行政区中西区'],
    ['澳门特别行政区', '澳门特别行政区'],
    ['建国路88号', null],
    ['１２号朝阳区', null],
    ['', null],
  ]
  for (const [address, want] of cases) {
    const end = districtEnd(address)
    t.equal(end < 0 ? null : address.slice(0, end), want, address)
  }
})
