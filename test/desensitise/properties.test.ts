import t from 'tap'
import fc from 'fast-check'
import type { PiiKind } from '../../src/desensitise/types.ts'
import { DETECTORS, detectAll, detectPersonal, profileText } from '../../src/desensitise/detectors.ts'
import { normaliseText } from '../../src/desensitise/normalise.ts'
import { codePointLength, maskValue } from '../../src/desensitise/mask.ts'
import { redactText } from '../../src/desensitise/redact.ts'
import { checkKAnonymity } from '../../src/desensitise/k-anonymity.ts'
import { makeId, makeLuhn } from './fixtures/vectors.ts'

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })

// fragments of realistic free text: identifiers, look-alikes and filler, glued in any order
const fragment = fc.oneof(
  fc.constantFrom('当事人', '，', '。', ' ', '-', '.', '@', 'a', 'X', 'E', 'G', '京', '沪A', '号', '𠮷', '0', '86', '+86 '),
  digits(1),
  digits(4),
  digits(11),
  digits(18),
  fc.tuple(fc.integer({ min: 3, max: 9 }), digits(8)).map(([d, rest]) => `1${d}${rest}`),
  fc.tuple(fc.constantFrom('110105', '440524', '320102'), fc.date({ min: new Date(1930, 0, 1), max: new Date(2015, 0, 1), noInvalidDate: true }), digits(3)).map(
    ([area, d, seq]) =>
      makeId(`${area}${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}${seq}`),
  ),
  fc.tuple(fc.constantFrom('4', '5', '62'), fc.integer({ min: 14, max: 17 })).chain(([p, n]) => digits(n - p.length + 1).map((d) => makeLuhn(p + d))),
  fc.constantFrom('zhang.san@gov.cn', 'a@b.cn', '京A12345', 'E12345678', '91350100M000100Y43', '4111 1111 1111 1111'),
)
const text = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''))

t.test('findings are non-overlapping, ordered, and point at their value', async (t) => {
  fc.assert(
    fc.property(text, (s) => {
      const all = detectAll(s)
      let end = 0
      for (const f of all) {
        if (f.start < end || s.slice(f.start, f.end) !== f.value) return false
        end = f.end
      }
      const personal = detectPersonal(s)
      return personal.every((p) => all.some((a) => a.start === p.start && a.end === p.end && a.kind === p.kind))
    }),
    { numRuns: 3000 },
  )
  t.pass('held')
})

t.test('redacted text holds no personal identifier and redaction is idempotent', async (t) => {
  fc.assert(
    fc.property(text, (s) => {
      const r = redactText(s)
      return detectPersonal(r).length === 0 && redactText(r) === r
    }),
    { numRuns: 3000 },
  )
  t.pass('held')
})

// the same, with the lookalike spellings of issue 9 mixed in
const lookalike = fc.oneof(
  fragment,
  fc.constantFrom('１３８', '１２３４５６７８', '\u200B', '\u2060', '\uFEFF', '\u00A0', '\u3000', '（', '）', '＠', 'Ｘ', 'Ｅ', '－', '．', '/', '(', ')', ' - ', '+86 ', '0086'),
  digits(3),
  digits(6),
)
const lookalikeText = fc.array(lookalike, { maxLength: 14 }).map((parts) => parts.join(''))

t.test('the cheap pre-checks never skip a detector that would find something', async (t) => {
  fc.assert(
    fc.property(lookalikeText, (s) => {
      const normalised = normaliseText(s)
      return DETECTORS.every((d) => {
        if (d.find(normalised).length === 0) return true
        return d.mayMatch(profileText(s)) && d.mayMatch(profileText(normalised))
      })
    }),
    { numRuns: 10000 },
  )
  t.pass('held')
})

t.test('lookalike text: redacted output is clean, also when normalised, and redaction is idempotent', async (t) => {
  fc.assert(
    fc.property(lookalikeText, (s) => {
      const r = redactText(s)
      return detectPersonal(r).length === 0 && detectPersonal(normaliseText(r)).length === 0 && redactText(r) === r
    }),
    { numRuns: 3000 },
  )
  t.pass('held')
})

t.test('masks keep the length in code points and hide something', async (t) => {
  const kinds: PiiKind[] = ['name', 'id_card', 'mobile', 'phone', 'email', 'address', 'plate', 'passport', 'none']
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', minLength: 3, maxLength: 30 }), fc.constantFrom(...kinds), (s, pii) => {
      // identifier presets mask the normalised value (a zero-width character is not counted)
      const m = maskValue(s, pii)
      return codePointLength(m) === codePointLength(pii === 'name' || pii === 'address' || pii === 'none' ? s : normaliseText(s))
    }),
    { numRuns: 3000 },
  )
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
      fc.nat(25),
      fc.nat(25),
      (s, ks, ke) => {
        const m = maskValue(s, undefined, { keep_start: ks, keep_end: ke })
        return codePointLength(m) === codePointLength(s) && m.includes('*')
      },
    ),
    { numRuns: 3000 },
  )
  t.pass('held')
})

t.test('k-anonymity: what is left after suppression is k-anonymous', async (t) => {
  const row = fc.record({ a: fc.constantFrom('x', 'y', 'z', null), b: fc.integer({ min: 0, max: 3 }) })
  fc.assert(
    fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (vals, k) => {
      const rows = vals.map((values, i) => ({ rowNumber: i + 1, values }))
      const r = checkKAnonymity(rows, ['a', 'b'], k)
      const suppressed = new Set(r.rowsInViolation)
      const kept = rows.filter((x) => !suppressed.has(x.rowNumber))
      const again = checkKAnonymity(kept, ['a', 'b'], k)
      return again.violatingGroups === 0 && r.rowsInViolation.length === r.violatingRows &&
        (kept.length === 0 || again.smallestGroupSize >= k)
    }),
    { numRuns: 500 },
  )
  t.pass('held')
})
