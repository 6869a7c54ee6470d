import t from 'tap'
import { unsafePatternReason } from '../../src/catalog/pattern-safety.ts'

const NESTED = /nests a repetition inside a repetition/
const OVERLAPPING = /repeats alternatives that can start with the same character/
const BACKREFERENCE = /uses a backreference/

const CASES: Array<[string, RegExp | undefined]> = [
  // refused: exponential backtracking
  ['(a+)+$', NESTED],
  ['(a*)*', NESTED],
  ['(a+){3}', NESTED],
  ['(\\d{1,3}\\.)+', NESTED],
  ['(?:x(?:ab?)*)+', NESTED],
  ['(a|ab)+', OVERLAPPING],
  ['(\\d|1)*', OVERLAPPING],
  ['(a|)+', OVERLAPPING],
  ['(a)\\1', BACKREFERENCE],
  ['(?<x>a)\\k<x>', BACKREFERENCE],
  // accepted: what catalog patterns look like
  ['^\\d{6}$', undefined],
  ['[A-Z]{2}\\d+', undefined],
  ['(\\d{3}-)+\\d{4}', undefined],
  ['(foo|bar)+', undefined],
  ['(a|b){2}', undefined],
  ['(a+)?', undefined],
  ['\\p{Script=Han}{2,4}', undefined],
  ['[^\\]]+', undefined],
  ['\\u{20BB7}+|\\u{20BB8}+', undefined],
  ['(?<year>\\d{4})-(?<month>\\d{2})', undefined],
]

for (const [pattern, expected] of CASES) {
  t.test(`${pattern}: ${expected ? 'refused' : 'accepted'}`, async (t) => {
    new RegExp(pattern, 'u') // every case is a valid pattern: the validator checks that first
    const reason = unsafePatternReason(pattern)
    if (expected) t.match(reason, expected)
    else t.equal(reason, undefined)
  })
}
