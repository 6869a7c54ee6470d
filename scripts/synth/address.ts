/**
 * Street addresses: province/city + district + street + number [+ unit and room], e.g.
 * 北京市朝阳区建国路88号3单元502室 or 广东省广州市天河区天河路385号.
 */
import type { Rng } from './random.ts'
import { CITIES, type CityKey, type District, pickDistrict } from './regions.ts'

function resolve(rng: Rng, where?: District | CityKey): District {
  if (where === undefined || typeof where === 'string') return pickDistrict(rng, where)
  return where
}

/** The address prefix up to the district, e.g. 广东省广州市天河区. */
export function districtPrefix(district: District): string {
  return CITIES[district.city].addressPrefix + district.name
}

/** A building address (organisations): 北京市朝阳区建国路88号. */
export function streetAddress(rng: Rng, where?: District | CityKey): string {
  const district = resolve(rng, where)
  return `${districtPrefix(district)}${rng.pick(district.streets)}${rng.int(1, 399)}号`
}

/** A home address: 北京市朝阳区建国路88号3单元502室 (or …号院3号楼2单元1101). */
export function residentialAddress(rng: Rng, where?: District | CityKey): string {
  const district = resolve(rng, where)
  const base = `${districtPrefix(district)}${rng.pick(district.streets)}${rng.int(1, 399)}号`
  const floor = rng.int(1, 28)
  const room = `${floor}${String(rng.int(1, 6)).padStart(2, '0')}`
  switch (rng.int(0, 3)) {
    case 0: return `${base}院${rng.int(1, 24)}号楼${rng.int(1, 6)}单元${room}`
    case 1: return `${base}${rng.int(1, 6)}单元${room}室`
    case 2: return `${base}${rng.int(1, 30)}栋${room}房`
    default: return `${base}${room}室`
  }
}
