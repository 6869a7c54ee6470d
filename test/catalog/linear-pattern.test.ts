import fc from 'fast-check'
import t from 'tap'
import { compileLinearPattern, MAX_STATES } from '../../src/catalog/linear-pattern.ts'

/** What RegExp answers for a whole value: the meaning compileLinearPattern must keep. */
function regexpMatches(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`, 'u').test(value)
}

const AGREEMENT: Array<[string, string[]]> = [
  ['^\\d{6}$', ['123456', '12345', '1234567', '12345x']],
  ['[A-Z]{2}\\d+', ['AB1', 'AB', 'ab1', 'AB12c']],
  ['(foo|bar)+', ['foobar', 'foo', 'fo', '']],
  ['\\p{Script=Han}{2,4}', ['张三', '张', '张三丰李四', 'ab']],
  ['(a|ab)(c|bcd)(d*)', ['abcd', 'abcdd', 'acd', 'ab']],
  ['a{0,2}b', ['b', 'ab', 'aab', 'aaab']],
  ['a{2,}', ['a', 'aa', 'aaaaa']],
  ['(?:x|)+y', ['y', 'xxy', 'xx']],
  ['.', ['\n', 'a', '𠮷', 'ab']],
  ['[^,]+(,[^,]+)*', ['a,b,c', 'a,,b', ',', 'abc']],
  ['𠮷+|𠮸', ['𠮷𠮷', '𠮸', '𠮸𠮸', '']],
  ['(?<year>\\d{4})-\\d{2}', ['2024-01', '2024-1']],
  ['a*$b?', ['aaa', 'aab', '']],
  ['[\\]\\-]+', [']-]', 'a']],
  ['\\u{20BB7}\\u4E00\\x41', ['𠮷一A', '𠮷一a']],
  ['(a+)+b', ['aaab', `${'a'.repeat(12)}c`]],
]

for (const [pattern, values] of AGREEMENT) {
  t.test(`${pattern} matches what RegExp matches`, async (t) => {
    const matches = compileLinearPattern(pattern)
    for (const value of values) t.equal(matches(value), regexpMatches(pattern, value), JSON.stringify(value))
  })
}

t.test('agrees with RegExp on random patterns and values', async (t) => {
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\w', '(?:a|b)', '(?:a|ab)', '(?:)')
  const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{0,2}', '{1,}')
  const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q)
  const sequence = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''))
  const pattern = fc.oneof(sequence, fc.tuple(sequence, sequence, quantifier).map(([x, y, q]) => `(?:${x}|${y})${q === '?' ? '+' : q}`))
  const value = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 })
  fc.assert(fc.property(pattern, value, (p, v) => compileLinearPattern(p)(v) === regexpMatches(p, v)), { numRuns: 2000 })
  t.pass('2,000 random pairs agree')
})

t.test('patterns that make RegExp backtrack for minutes are answered after one pass over the value', async (t) => {
  // RegExp takes exponential time on the first and quadratic on the second (a million digits: hours)
  t.equal(compileLinearPattern('(a+)+$')(`${'a'.repeat(100_000)}b`), false)
  t.equal(compileLinearPattern('(a|aa)+')(`${'a'.repeat(100_000)}b`), false)
  t.equal(compileLinearPattern('\\d+\\d+')(`${'1'.repeat(100_000)}x`), false)
  t.equal(compileLinearPattern('(a+)+$')('a'.repeat(100_000)), true)
})

const REFUSED: Array<[string, RegExp]> = [
  ['(a)\\1', /uses a backreference/],
  ['(?<x>a)\\k<x>', /uses a backreference/],
  ['(?=a)a', /uses lookahead or lookbehind/],
  ['(?<!a)b', /uses lookahead or lookbehind/],
  ['a\\b', /uses a word boundary/],
  ['(\\d{1,100}){1,100}', new RegExp(`more than ${MAX_STATES} states`)],
]

for (const [pattern, reason] of REFUSED) {
  t.test(`${pattern} is refused`, async (t) => {
    t.throws(() => compileLinearPattern(pattern), { message: reason })
  })
}
