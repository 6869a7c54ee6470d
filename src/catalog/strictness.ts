import { OPEN_STRICTNESS, type OpenAttribute } from '../config/grades.ts'
import { ruleKind, type CatalogEntry, type Generalize, type PiiKind, type Rule } from './schema.ts'

/**
 * Whether a catalog entry is stricter than the one a version was built under (issue 9.4): if so, the
 * version published something the steward no longer wants published, and must be withdrawn.
 *
 * "Stricter" is decided per field by what a published value reveals. A version may stay only if every
 * value it published reveals nothing that the current rule would hide: the old output must be
 * computable from the new one. Whatever cannot be shown to reveal no more counts as stricter (hash →
 * mask, month → { bucket }, a mask preset → a custom mask): a careful operator withdraws what they
 * cannot vouch for, and the re-ingest the changed catalog triggers anyway publishes it again.
 */

/** One published field of a version: its name and the rule (and pii kind) it was built with. */
export interface PublishedField {
  name: string
  pii?: PiiKind
  rule: Rule
}

/** What a version was built under, as far as what it reveals and to whom. */
export interface PublishedTerms {
  /** The fields the version publishes (a field with rule drop is not among them). */
  fields: readonly PublishedField[]
  grade: number
  open: OpenAttribute
  privacy?: { quasi_identifiers: readonly string[]; k: number }
}

/** The catalog's own spelling of a rule, for messages: keep, { mask: { keep_start: 1, keep_end: 0 } }. */
export function formatRule(rule: Rule): string {
  if (typeof rule === 'string') return rule
  if ('mask' in rule) return `{ mask: { keep_start: ${rule.mask.keep_start}, keep_end: ${rule.mask.keep_end} } }`
  const g = rule.generalize
  return `{ generalize: ${typeof g === 'string' ? g : `{ bucket: ${g.bucket} }`} }`
}

type CustomMask = { keep_start: number; keep_end: number }

/**
 * Custom masks keep keep_start leading and keep_end trailing code points, but a value too short for
 * both keeps only its leading ones (mask.ts maskCustom). So { 1, 1 } → { 2, 2 } is not a loosening:
 * on 4 code points the first shows the last one, the second does not. The old mask shows a subset of
 * the new one's characters at every length only if it is the same, or keeps no trailing ones and no
 * more leading ones (test/catalog/strictness.test.ts checks this against maskCustom itself).
 */
function customMaskRevealsNoMore(was: CustomMask, now: CustomMask): boolean {
  if (was.keep_start === now.keep_start && was.keep_end === now.keep_end) return true
  return was.keep_end === 0 && was.keep_start <= now.keep_start
}

/** A coarser generalisation of the same kind: year from month, a bucket of 20 from buckets of 10. */
function generalisationRevealsNoMore(was: Generalize, now: Generalize): boolean {
  if (typeof was === 'string' || typeof now === 'string') return was === now || (was === 'year' && now === 'month')
  return was.bucket % now.bucket === 0
}

/** Whether every value published under `was` is computable from the value `now` would publish. */
export function revealsNoMore(was: PublishedField, now: PublishedField): boolean {
  const before = ruleKind(was.rule)
  const after = ruleKind(now.rule)
  if (before === 'suppress' || before === 'drop') return true
  if (after === 'keep') return true
  switch (before) {
    case 'keep':
      return false
    // a pseudonym shows only which values are equal; the pii kind only chooses which spellings count as equal
    case 'hash':
    case 'redact':
      return after === before
    case 'mask': {
      if (after !== 'mask') return false
      const a = typeof was.rule === 'object' && 'mask' in was.rule ? was.rule.mask : undefined
      const b = typeof now.rule === 'object' && 'mask' in now.rule ? now.rule.mask : undefined
      if (a && b) return customMaskRevealsNoMore(a, b)
      // presets differ by pii kind in ways no single order captures (a name keeps its first character, the generic mask does not on two)
      return !a && !b && (was.pii ?? 'none') === (now.pii ?? 'none')
    }
    case 'generalize': {
      if (after !== 'generalize') return false
      const a = (was.rule as { generalize: Generalize }).generalize
      const b = (now.rule as { generalize: Generalize }).generalize
      return generalisationRevealsNoMore(a, b)
    }
  }
}

/** Leak guard (SPEC §4.3): keep and redact fields are scanned, and pii: none exempts one from failing. */
function lostLeakGuardExemption(was: PublishedField, now: PublishedField): boolean {
  const scanned = (f: PublishedField) => ['keep', 'redact'].includes(ruleKind(f.rule))
  return was.pii === 'none' && scanned(was) && now.pii !== 'none' && scanned(now)
}

function fieldTightenings(built: PublishedTerms, current: CatalogEntry): string[] {
  const reasons: string[] = []
  for (const was of built.fields) {
    const index = current.fields.findIndex((f) => f.name === was.name)
    const field = current.fields[index]
    const before = formatRule(was.rule)
    if (!field) {
      if (!revealsNoMore(was, { name: was.name, rule: 'drop' })) reasons.push(`field ${was.name} is no longer in the catalog (it was published with rule ${before})`)
      continue
    }
    const now: PublishedField = { name: field.name, ...(field.pii ? { pii: field.pii } : {}), rule: field.rule ?? 'keep' }
    const at = `fields[${index}] (${field.name})`
    const after = formatRule(now.rule)
    if (!revealsNoMore(was, now)) {
      if (ruleKind(now.rule) === 'drop') reasons.push(`${at} is now dropped (was rule ${before})`)
      else if (ruleKind(was.rule) === 'keep') reasons.push(`${at} is now desensitised (rule ${after}; was keep)`)
      else reasons.push(`${at} has a stricter rule: ${after} does not publish all that ${before} did${was.pii !== now.pii ? ` (pii ${now.pii ?? 'unset'}; was ${was.pii ?? 'unset'})` : ''}`)
    } else if (lostLeakGuardExemption(was, now)) {
      reasons.push(`${at} is no longer pii: none, so the leak guard now checks the values it published unchecked`)
    }
  }
  return reasons
}

function accessTightenings(built: PublishedTerms, current: CatalogEntry): string[] {
  const reasons: string[] = []
  if (current.grade > built.grade) reasons.push(`grade is now ${current.grade} (was ${built.grade})`)
  if (OPEN_STRICTNESS[current.open] > OPEN_STRICTNESS[built.open]) reasons.push(`open is now ${current.open} (was ${built.open})`)
  return reasons
}

/** k-anonymity over quasi-identifiers Q with k holds over any subset of Q and for any smaller k. */
function privacyTightenings(built: PublishedTerms, current: CatalogEntry): string[] {
  const now = current.privacy
  if (!now) return []
  const was = built.privacy
  if (!was) return [`k-anonymity is now required (k = ${now.k} over ${now.quasi_identifiers.join(', ')})`]
  const reasons: string[] = []
  if (now.k > was.k) reasons.push(`k-anonymity k is now ${now.k} (was ${was.k})`)
  const added = now.quasi_identifiers.filter((q) => !was.quasi_identifiers.includes(q))
  if (added.length > 0) reasons.push(`k-anonymity now also covers ${added.join(', ')} (quasi-identifiers ${now.quasi_identifiers.join(', ')}; were ${was.quasi_identifiers.join(', ')})`)
  return reasons
}

/** Why `current` is stricter than what a version was built under; empty if it is not. */
export function tighteningsSince(built: PublishedTerms, current: CatalogEntry): string[] {
  return [...fieldTightenings(built, current), ...accessTightenings(built, current), ...privacyTightenings(built, current)]
}

/** The terms a catalog entry builds a version under: its published fields, grade, open and privacy. */
export function termsOf(entry: CatalogEntry, fields: readonly PublishedField[]): PublishedTerms {
  return { fields, grade: entry.grade, open: entry.open, ...(entry.privacy ? { privacy: entry.privacy } : {}) }
}
