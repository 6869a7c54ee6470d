/**
 * How much a custom mask `{ mask: { keep_start, keep_end } }` may show of each kind of personal data
 * (code points kept at the start and at the end). A custom mask may move what is shown, never show
 * more than leaves the value recoverable or the person re-identifiable: the bounds are what the
 * presets show (desensitise/mask.ts), and for bank cards the first 6 and last 4 digits that PCI DSS allows.
 * A check character makes one hidden digit recoverable, hence the ID's 8 hidden characters (the
 * birth date) and the card's 6. Kinds without a bound (none, or no pii) are not personal.
 * The catalog validator refuses a mask past its bound, and the desensitiser checks again before it runs.
 */
import type { PiiKind } from './schema.ts'

export interface MaskBound {
  keep_start: number
  keep_end: number
  /** what stays hidden, for the message */
  why: string
}

export const CUSTOM_MASK_BOUNDS: Readonly<Partial<Record<PiiKind, MaskBound>>> = {
  name: { keep_start: 1, keep_end: 1, why: 'the surname and at most the last character; the given name stays hidden' },
  id_card: { keep_start: 6, keep_end: 4, why: 'the area code and the last 4 characters; the birth date stays hidden' },
  mobile: { keep_start: 3, keep_end: 4, why: 'the carrier prefix and the last 4 digits; the 4 digits between stay hidden' },
  phone: { keep_start: 4, keep_end: 2, why: 'the area code and the last 2 digits' },
  bank_card: { keep_start: 6, keep_end: 4, why: 'the issuer number and the last 4 digits (PCI DSS)' },
  email: { keep_start: 1, keep_end: 0, why: 'the end of an address may reach into its local part; rule: mask keeps the domain' },
  address: { keep_start: 6, keep_end: 0, why: 'at most a city and district (北京市朝阳区); the end of an address is the house number' },
  plate: { keep_start: 2, keep_end: 1, why: 'the province, the city letter and the last character' },
  passport: { keep_start: 1, keep_end: 2, why: 'the first character and the last 2' },
}

/** Why a custom mask shows too much of a `pii` kind, or undefined when it is within the bound. */
export function customMaskExcess(pii: PiiKind | undefined, mask: { keep_start: number; keep_end: number }): string | undefined {
  const bound = pii === undefined ? undefined : CUSTOM_MASK_BOUNDS[pii]
  if (bound === undefined || (mask.keep_start <= bound.keep_start && mask.keep_end <= bound.keep_end)) return undefined
  return (
    `{ mask: { keep_start: ${mask.keep_start}, keep_end: ${mask.keep_end} } } shows too much of ${pii === 'id_card' || pii === 'email' || pii === 'address' ? 'an' : 'a'} ${pii}: ` +
    `at most keep_start ${bound.keep_start} and keep_end ${bound.keep_end} (${bound.why})`
  )
}
