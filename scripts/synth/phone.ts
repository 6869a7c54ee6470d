/**
 * Telephone numbers: mobile numbers 1[3-9]xxxxxxxxx with real carrier prefixes, and landlines
 * written with their area code (010-65123456) so they never look like a mobile number.
 */
import type { Rng } from './random.ts'

/** Three-digit prefixes of the mainland mobile carriers. */
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '145', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '172', '173', '175', '176', '177', '178',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
  '191', '193', '195', '196', '197', '198', '199',
]

/** An 11-digit mobile number, e.g. 13812345678. */
export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8)
}

/** A landline number with its area code, e.g. 010-65123456 (local part 8 digits, first 2–8). */
export function landlineNumber(rng: Rng, areaCode: string): string {
  return `${areaCode}-${rng.int(2, 8)}${rng.digits(7)}`
}
