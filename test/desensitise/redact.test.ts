import t from 'tap'
import { maskFinding, piiOfDetector, redactText } from '../../src/desensitise/redact.ts'

t.test('redactText', async (t) => {
  const cases: Array<[string, string]> = [
    ['请联系13812345678处理', '请联系138****5678处理'],
    ['身份证11010519491231002X。', '身份证110105********002X。'],
    ['邮箱zhang.san@gov.cn，电话+86 13812345678', '邮箱z********@gov.cn，电话+86 138****5678'],
    ['卡号4111-1111-1111-1111已冻结', '卡号4111 **** **** 1111已冻结'],
    ['车辆京A12345，护照E12345678', '车辆京A****5，护照E******78'],
    ['单位代码91350100M000100Y43', '单位代码91350100M000100Y43'], // organisations are not personal
    ['罚款13812345678.00元', '罚款13812345678.00元'],
    ['无', '无'],
    ['', ''],
    ['13812345678', '138****5678'],
    // masking the ID uncovers a plate ("沪A110105") that the longer ID hid: masked too
    ['沪A110105197001010003', '沪A*****5********0003'],
  ]
  for (const [text, want] of cases) {
    t.equal(redactText(text), want, text)
    t.equal(redactText(want), want, `idempotent: ${want}`)
  }
  const long = '当事人张三，身份证11010519491231002X，手机13812345678。'
  t.notMatch(redactText(long), /11010519491231002X|13812345678/)
})

t.test('helpers', async (t) => {
  t.equal(piiOfDetector('mobile'), 'mobile')
  t.equal(piiOfDetector('credit_code'), 'none')
  t.equal(maskFinding({ kind: 'id_card', start: 0, end: 18, value: '11010519491231002X' }), '110105********002X')
  t.equal(maskFinding({ kind: 'credit_code', start: 0, end: 18, value: '91350100M000100Y43' }), '9****************3')
})
