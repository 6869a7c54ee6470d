import t from 'tap'
import { needsNormalising, normaliseForDetection, normaliseText } from '../../src/desensitise/normalise.ts'

t.test('what the detectors read', async (t) => {
  const cases: Array<[string, string]> = [
    ['13812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['ＡＢＣ＠ｇｏｖ．ｃｎ', 'ABC@gov.cn'],
    ['a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf\u00ADg', 'abcdefg'],
    ['1\u00A02\u30003\u20094', '1 2 3 4'],
    ['1–2—3‐4－5−6', '1-2-3-4-5-6'],
    ['（１３８）', '(138)'],
    ['𝟏𝟑𝟖', '138'],
    ['⑴②', '(1)2'],
    ['张三，北京市。', '张三，北京市。'], // CJK text and punctuation that mean nothing to the detectors stay
    ['𠮷', '𠮷'],
  ]
  for (const [text, want] of cases) t.equal(normaliseText(text), want, JSON.stringify(text))
})

t.test('needsNormalising: ASCII and plain CJK text never do', async (t) => {
  t.notOk(needsNormalising('order 2023-12-01 id 55321 a@b.cn'))
  t.notOk(needsNormalising('当事人未按期整改，罚款500元。'))
  t.ok(needsNormalising('罚款５００元'))
  t.ok(needsNormalising('a\u200Bb'))
  t.ok(needsNormalising('（第3款）'))
})

t.test('offsets lead back to the original text', async (t) => {
  const same = normaliseForDetection('电话１３８')
  t.same([same.text, same.start, same.end], ['电话138', null, null], 'one character for one: no map needed')
  const text = 'a\u200B⑴𝟐b'
  const n = normaliseForDetection(text)
  t.equal(n.text, 'a(1)2b')
  t.same([...(n.start ?? [])], [0, 2, 2, 2, 3, 5])
  t.same([...(n.end ?? [])], [1, 3, 3, 3, 5, 6])
})
