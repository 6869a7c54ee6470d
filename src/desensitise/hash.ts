/**
 * The `hash` rule (SPEC §4.1): a keyed pseudonym, HMAC-SHA256(key, normalised value), hex, first 16
 * characters. Deterministic: the same input gives the same token in every version and dataset (the pii
 * kind is not mixed into the MAC, so equal values join across fields of different kinds too).
 *
 * Normalisation, so that spellings of one identifier share a token:
 * - always: Unicode NFKC (full-width digits and letters become ASCII), then trim;
 * - id_card, passport, plate: whitespace and dashes removed, uppercased (11010519491231002x = …X);
 * - mobile: whitespace, dashes and parentheses removed, a +86 / 0086 / 86 country prefix removed;
 * - bank_card, phone: whitespace, dashes and parentheses removed;
 * - email: lowercased;
 * - name, address, none, unset: NFKC + trim only, except that an ID-shaped value is uppercased and a
 *   value of digits, spaces and dashes only is stripped to its digits.
 * A value that is empty after normalisation stays empty (no token for "no value").
 */
import { createHmac } from 'node:crypto'
import type { PiiKind } from './types.ts'

const SEPARATORS = /[\s\-()]/g
const SPACES_DASHES = /[\s-]/g
const COUNTRY_PREFIX = /^(?:\+|00)?86(?=1[3-9]\d{9}$)/
const ID_SHAPE = /^\d{17}[\dxX]$/
const DIGIT_GROUPS = /^\d[\d\s-]*\d$/

export function normaliseForPseudonym(value: string, pii?: PiiKind): string {
  const v = value.normalize('NFKC').trim()
  switch (pii) {
    case 'id_card':
    case 'passport':
    case 'plate':
      return v.replace(SPACES_DASHES, '').toUpperCase()
    case 'mobile':
      return v.replace(SEPARATORS, '').replace(COUNTRY_PREFIX, '')
    case 'bank_card':
    case 'phone':
      return v.replace(SEPARATORS, '')
    case 'email':
      return v.toLowerCase()
    default:
      if (ID_SHAPE.test(v)) return v.toUpperCase()
      if (DIGIT_GROUPS.test(v)) return v.replace(SPACES_DASHES, '')
      return v
  }
}

export type Pseudonymizer = (value: string) => string

/** The pseudonym function of one field, with its normalisation chosen once. */
export function pseudonymizerFor(key: Buffer, pii?: PiiKind): Pseudonymizer {
  if (key.length === 0) throw new Error('pseudonym key is empty')
  return (value) => {
    const v = normaliseForPseudonym(value, pii)
    if (v === '') return ''
    return createHmac('sha256', key).update(v, 'utf8').digest('hex').slice(0, 16)
  }
}

export function pseudonym(value: string, key: Buffer, pii?: PiiKind): string {
  return pseudonymizerFor(key, pii)(value)
}
