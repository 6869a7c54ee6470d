/**
 * Licence plates: province character + issuing-authority letter + 5 characters (京A12345), or for
 * new-energy cars D/F + 5 digits (京AD12345).
 */
import type { Rng } from './random.ts'
import { CITIES, type CityKey } from './regions.ts'

/** Letters used in plates (no I, no O). */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

export interface PlateOptions {
  city?: CityKey
  province?: string
  letter?: string
  /** true: always new-energy; false: never; number: probability (default 0.15). */
  newEnergy?: boolean | number
}

/** A licence plate number. */
export function licensePlate(rng: Rng, opts: PlateOptions = {}): string {
  const city = CITIES[opts.city ?? rng.pick(['beijing', 'shanghai', 'guangzhou', 'shenzhen', 'chengdu'] as const)]
  const province = opts.province ?? city.plateProvince
  const letter = opts.letter ?? rng.pick(Array.from(city.plateLetters))
  const ne = typeof opts.newEnergy === 'boolean' ? opts.newEnergy : rng.chance(opts.newEnergy ?? 0.15)
  if (ne) return `${province}${letter}${rng.chance(0.7) ? 'D' : 'F'}${rng.digits(5)}`
  // ordinary plates: 5 characters, at most two of them letters
  const chars = rng.digits(5).split('')
  const letters = rng.weighted<number>([[0, 6], [1, 3], [2, 1]])
  for (const i of rng.sample([0, 1, 2, 3, 4], letters)) chars[i] = rng.pick(Array.from(PLATE_LETTERS))
  return province + letter + chars.join('')
}
