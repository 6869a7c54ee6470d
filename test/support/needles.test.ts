import t from 'tap'
import { NeedleSet } from '../helpers/needles.ts'

t.test('finds every needle, overlapping and nested ones included', async (t) => {
  const set = new NeedleSet(['he', 'she', 'his', 'hers', '13812345678', '张三丰'])
  t.same([...set.findIn('ushers')].sort(), ['he', 'hers', 'she'])
  t.same([...set.findIn('请联系13812345678或张三丰')].sort(), ['13812345678', '张三丰'])
  t.same([...set.findIn('138****5678 张**')], [])
})

t.test('agrees with indexOf on random text', async (t) => {
  const alphabet = 'ab1張'
  const random = (n: number, seed: number) => Array.from({ length: n }, (_, i) => alphabet[(seed * 7 + i * i * 13) % alphabet.length]).join('')
  const needles = Array.from({ length: 40 }, (_, i) => random(2 + (i % 4), i))
  const text = random(500, 99)
  const expected = new Set(needles.filter((n) => text.includes(n)))
  t.same([...new NeedleSet(needles).findIn(text)].sort(), [...expected].sort())
})
