import t from 'tap'
import type { CatalogEntry, CatalogField, PiiKind, Rule } from '../../src/catalog/schema.ts'
import { revealsNoMore, tighteningsSince, type PublishedTerms } from '../../src/catalog/strictness.ts'
import { maskCustom } from '../../src/desensitise/mask.ts'

function entry(fields: CatalogField[], more: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: 'admin-penalties', title: '行政处罚', provider: { name: '市场监管局' }, theme: '信用服务', grade: 1, open: 'unconditional',
    fields, ...more,
  }
}

function field(name: string, rule?: Rule, pii?: PiiKind): CatalogField {
  return { name, type: 'string', title: name, ...(rule ? { rule } : {}), ...(pii ? { pii } : {}) }
}

function terms(fields: Array<{ name: string; rule: Rule; pii?: PiiKind }>, more: Partial<PublishedTerms> = {}): PublishedTerms {
  return { fields, grade: 1, open: 'unconditional', ...more }
}

const custom = (keep_start: number, keep_end: number): Rule => ({ mask: { keep_start, keep_end } })
const gen = (g: 'year' | 'month' | 'district' | 'birth_year' | number): Rule => ({ generalize: typeof g === 'number' ? { bucket: g } : g })

t.test('rule changes of one field: stricter exactly when the old value shows something the new rule hides', async (t) => {
  const cases: Array<[string, { rule: Rule; pii?: PiiKind }, { rule: Rule; pii?: PiiKind } | 'removed', boolean]> = [
    ['keep → keep', { rule: 'keep' }, { rule: 'keep' }, false],
    ['keep → mask', { rule: 'keep' }, { rule: 'mask', pii: 'mobile' }, true],
    ['keep → hash', { rule: 'keep' }, { rule: 'hash', pii: 'mobile' }, true],
    ['keep → redact', { rule: 'keep' }, { rule: 'redact' }, true],
    ['keep → generalize', { rule: 'keep' }, { rule: gen('year') }, true],
    ['keep → suppress', { rule: 'keep' }, { rule: 'suppress' }, true],
    ['keep → drop', { rule: 'keep' }, { rule: 'drop' }, true],
    ['keep → no longer in the catalog', { rule: 'keep' }, 'removed', true],
    ['mask → keep (loosening)', { rule: 'mask', pii: 'mobile' }, { rule: 'keep' }, false],
    ['hash → keep (loosening)', { rule: 'hash', pii: 'mobile' }, { rule: 'keep' }, false],
    ['suppress → drop: neither publishes a value', { rule: 'suppress' }, { rule: 'drop' }, false],
    ['suppress → no longer in the catalog', { rule: 'suppress' }, 'removed', false],
    ['suppress → mask (loosening)', { rule: 'suppress' }, { rule: 'mask', pii: 'name' }, false],
    ['mask → suppress', { rule: 'mask', pii: 'name' }, { rule: 'suppress' }, true],
    ['mask → hash: the pseudonym hides the characters the mask showed', { rule: 'mask', pii: 'mobile' }, { rule: 'hash', pii: 'mobile' }, true],
    ['hash → mask: the mask hides which values are equal', { rule: 'hash', pii: 'mobile' }, { rule: 'mask', pii: 'mobile' }, true],
    ['hash → hash with another pii kind', { rule: 'hash', pii: 'mobile' }, { rule: 'hash', pii: 'phone' }, false],
    ['redact → redact', { rule: 'redact' }, { rule: 'redact' }, false],
    ['redact → mask', { rule: 'redact' }, { rule: 'mask', pii: 'none' }, true],
    ['mask preset → same preset', { rule: 'mask', pii: 'name' }, { rule: 'mask', pii: 'name' }, false],
    ['mask preset → preset of another pii kind', { rule: 'mask', pii: 'name' }, { rule: 'mask', pii: 'none' }, true],
    ['mask preset without pii = generic = pii none', { rule: 'mask' }, { rule: 'mask', pii: 'none' }, false],
    ['mask preset → custom mask', { rule: 'mask', pii: 'mobile' }, { rule: custom(3, 4), pii: 'mobile' }, true],
    ['custom mask → preset', { rule: custom(0, 0), pii: 'mobile' }, { rule: 'mask', pii: 'mobile' }, true],
    ['custom { 3, 4 } → same', { rule: custom(3, 4) }, { rule: custom(3, 4) }, false],
    ['custom { 3, 0 } → { 2, 0 }: fewer characters kept', { rule: custom(3, 0) }, { rule: custom(2, 0) }, true],
    ['custom { 2, 0 } → { 3, 1 }: more kept', { rule: custom(2, 0) }, { rule: custom(3, 1) }, false],
    ['custom { 1, 1 } → { 2, 2 }: a short value loses its last character', { rule: custom(1, 1) }, { rule: custom(2, 2) }, true],
    ['custom { 2, 2 } → { 1, 1 }', { rule: custom(2, 2) }, { rule: custom(1, 1) }, true],
    ['generalize month → year: coarser', { rule: gen('month') }, { rule: gen('year') }, true],
    ['generalize year → month: finer', { rule: gen('year') }, { rule: gen('month') }, false],
    ['bucket 10 → 20: coarser', { rule: gen(10) }, { rule: gen(20) }, true],
    ['bucket 20 → 10: finer, every 20-bucket is two 10-buckets', { rule: gen(20) }, { rule: gen(10) }, false],
    ['bucket 10 → 15: the buckets do not nest', { rule: gen(10) }, { rule: gen(15) }, true],
    ['bucket 15 → 10', { rule: gen(15) }, { rule: gen(10) }, true],
    ['generalize district → district', { rule: gen('district'), pii: 'address' }, { rule: gen('district'), pii: 'address' }, false],
    ['generalize → keep', { rule: gen('year') }, { rule: 'keep' }, false],
    ['generalize year → hash', { rule: gen('year') }, { rule: 'hash', pii: 'none' }, true],
    ['generalize year → bucket', { rule: gen('year') }, { rule: gen(10) }, true],
    ['keep pii: none → keep without it: the leak guard now checks it', { rule: 'keep', pii: 'none' }, { rule: 'keep' }, true],
    ['keep pii: none → keep pii: none', { rule: 'keep', pii: 'none' }, { rule: 'keep', pii: 'none' }, false],
    ['keep → keep pii: none (loosening)', { rule: 'keep' }, { rule: 'keep', pii: 'none' }, false],
    ['redact pii: none → redact: checked by the guard now', { rule: 'redact', pii: 'none' }, { rule: 'redact' }, true],
  ]
  for (const [name, was, now, stricter] of cases) {
    const built = terms([{ name: 'phone', ...was }])
    const current = entry([field('id'), ...(now === 'removed' ? [] : [field('phone', now.rule, now.pii)])])
    const reasons = tighteningsSince(built, current)
    t.equal(reasons.length > 0, stricter, `${name}: ${reasons.join('; ') || 'not stricter'}`)
  }
})

t.test('reasons name the field, its new and old rule, in the catalog\'s spelling', async (t) => {
  const built = terms([{ name: 'id', rule: 'keep' }, { name: 'phone', rule: 'keep' }, { name: 'born', rule: gen('month') }, { name: 'email', rule: 'keep' }, { name: 'remark', rule: 'keep', pii: 'none' }])
  const current = entry([field('id'), field('born', gen('year')), field('phone', 'drop', 'phone'), field('remark'), field('plate', 'mask', 'plate')])
  t.same(tighteningsSince(built, current), [
    'fields[2] (phone) is now dropped (was rule keep)',
    'fields[1] (born) has a stricter rule: { generalize: year } does not publish all that { generalize: month } did',
    'field email is no longer in the catalog (it was published with rule keep)',
    'fields[3] (remark) is no longer pii: none, so the leak guard now checks the values it published unchecked',
  ])
  t.same(tighteningsSince(terms([{ name: 'phone', rule: 'keep' }]), entry([field('phone', custom(3, 4), 'mobile')])),
    ['fields[0] (phone) is now desensitised (rule { mask: { keep_start: 3, keep_end: 4 } }; was keep)'])
  t.same(tighteningsSince(terms([{ name: 'n', rule: 'mask', pii: 'name' }]), entry([field('n', 'mask', 'none')])),
    ['fields[0] (n) has a stricter rule: mask does not publish all that mask did (pii none; was name)'])
  t.same(tighteningsSince(terms([{ name: 'phone', rule: 'keep' }]), entry([field('phone'), field('added', 'keep')])), [], 'a new field withdraws nothing')
})

t.test('access: a higher grade or a stricter open attribute is stricter; the reverse is not', async (t) => {
  const fields = [field('id')]
  const cases: Array<[Pick<PublishedTerms, 'grade' | 'open'>, Pick<CatalogEntry, 'grade' | 'open'>, string[]]> = [
    [{ grade: 1, open: 'unconditional' }, { grade: 1, open: 'unconditional' }, []],
    [{ grade: 1, open: 'unconditional' }, { grade: 2, open: 'unconditional' }, ['grade is now 2 (was 1)']],
    [{ grade: 2, open: 'unconditional' }, { grade: 1, open: 'unconditional' }, []],
    [{ grade: 2, open: 'unconditional' }, { grade: 2, open: 'conditional' }, ['open is now conditional (was unconditional)']],
    [{ grade: 2, open: 'conditional' }, { grade: 3, open: 'closed' }, ['grade is now 3 (was 2)', 'open is now closed (was conditional)']],
    [{ grade: 3, open: 'conditional' }, { grade: 1, open: 'unconditional' }, []],
  ]
  for (const [was, now, reasons] of cases) {
    t.same(tighteningsSince(terms([{ name: 'id', rule: 'keep' }], was), entry(fields, now)), reasons, `${JSON.stringify(was)} → ${JSON.stringify(now)}`)
  }
})

t.test('k-anonymity: a new requirement, a higher k or more quasi-identifiers is stricter', async (t) => {
  const fields = [field('district'), field('age'), field('sex')]
  const published = [{ name: 'district', rule: 'keep' as const }, { name: 'age', rule: 'keep' as const }, { name: 'sex', rule: 'keep' as const }]
  const privacy = (k: number, ...quasi_identifiers: string[]) => ({ k, quasi_identifiers })
  const cases: Array<[PublishedTerms['privacy'], CatalogEntry['privacy'], string[]]> = [
    [undefined, undefined, []],
    [undefined, privacy(5, 'district', 'age'), ['k-anonymity is now required (k = 5 over district, age)']],
    [privacy(5, 'district'), undefined, []],
    [privacy(5, 'district'), privacy(10, 'district'), ['k-anonymity k is now 10 (was 5)']],
    [privacy(10, 'district'), privacy(5, 'district'), []],
    [privacy(5, 'district', 'age'), privacy(5, 'district'), []],
    [privacy(5, 'district'), privacy(5, 'district', 'sex'), ['k-anonymity now also covers sex (quasi-identifiers district, sex; were district)']],
  ]
  for (const [was, now, reasons] of cases) {
    const built = terms(published, was ? { privacy: was } : {})
    t.same(tighteningsSince(built, entry(fields, now ? { privacy: now } : {})), reasons, `${JSON.stringify(was)} → ${JSON.stringify(now)}`)
  }
})

t.test('the custom-mask order is exact: it says "reveals no more" iff maskCustom shows a subset of characters at every length', async (t) => {
  const alphabet = 'abcdefghijkl'
  const shown = (ks: number, ke: number, n: number) => new Set([...maskCustom(alphabet.slice(0, n), ks, ke)].filter((c) => c !== '*'))
  let checked = 0
  for (let a = 0; a < 16; a++) {
    for (let b = 0; b < 16; b++) {
      const [aks, ake, bks, bke] = [a >> 2, a & 3, b >> 2, b & 3]
      let subset = true
      for (let n = 0; n <= alphabet.length; n++) {
        const now = shown(bks, bke, n)
        if ([...shown(aks, ake, n)].some((c) => !now.has(c))) subset = false
      }
      const claimed = revealsNoMore({ name: 'x', rule: custom(aks, ake) }, { name: 'x', rule: custom(bks, bke) })
      if (claimed !== subset) t.fail(`{ ${aks}, ${ake} } → { ${bks}, ${bke} }: claimed ${claimed}, maskCustom says ${subset}`)
      checked++
    }
  }
  t.equal(checked, 256)
})
