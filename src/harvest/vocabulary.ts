import type { CatalogEntry } from '../catalog/schema.ts'

/**
 * The catalog's own words mapped to the vocabularies harvesters understand, in one place:
 * the open attribute (SPEC §3) to DCAT-AP access rights and Project Open Data access levels,
 * update frequencies to the EU frequency authority table and ISO 8601 repeating durations, and
 * SPDX licence identifiers to their URLs.
 */
type Open = CatalogEntry['open']
type Frequency = NonNullable<CatalogEntry['update_frequency']>

const EU_ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right/'
const EU_FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/'

/**
 * Unconditional data is public in both vocabularies even at grade 2: anyone may get the API key it
 * needs, no conditions attached. Conditional data needs an approved application; closed data is
 * metadata only.
 */
export const ACCESS: Readonly<Record<Open, { euAccessRight: string; podAccessLevel: 'public' | 'restricted public' | 'non-public'; rights: string }>> = {
  unconditional: { euAccessRight: `${EU_ACCESS_RIGHT}PUBLIC`, podAccessLevel: 'public', rights: '无条件开放 (unconditionally open)' },
  conditional: {
    euAccessRight: `${EU_ACCESS_RIGHT}RESTRICTED`,
    podAccessLevel: 'restricted public',
    rights: '有条件开放 (conditionally open): apply for access with an API key; an administrator approves each application and grants it until an expiry date',
  },
  closed: { euAccessRight: `${EU_ACCESS_RIGHT}NON_PUBLIC`, podAccessLevel: 'non-public', rights: '不予开放 (not open): only the metadata is public' },
}

/** Rights text for an entry: its open attribute, plus the API key grade 2 needs. */
export function rightsOf(entry: Pick<CatalogEntry, 'open' | 'grade'>): string {
  const base = ACCESS[entry.open].rights
  return entry.open === 'unconditional' && entry.grade > 1 ? `${base}; downloads need a free API key` : base
}

export const FREQUENCIES: Readonly<Record<Frequency, { eu: string; iso: string | 'irregular' }>> = {
  realtime: { eu: `${EU_FREQUENCY}UPDATE_CONT`, iso: 'R/PT1S' },
  daily: { eu: `${EU_FREQUENCY}DAILY`, iso: 'R/P1D' },
  weekly: { eu: `${EU_FREQUENCY}WEEKLY`, iso: 'R/P1W' },
  monthly: { eu: `${EU_FREQUENCY}MONTHLY`, iso: 'R/P1M' },
  quarterly: { eu: `${EU_FREQUENCY}QUARTERLY`, iso: 'R/P3M' },
  'half-yearly': { eu: `${EU_FREQUENCY}ANNUAL_2`, iso: 'R/P6M' },
  yearly: { eu: `${EU_FREQUENCY}ANNUAL`, iso: 'R/P1Y' },
  irregular: { eu: `${EU_FREQUENCY}IRREG`, iso: 'irregular' },
}

const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/

/** The SPDX page of a licence given by its identifier (CC-BY-4.0, ODbL-1.0…); undefined for free text. */
export function licenseUrl(license: string | undefined): string | undefined {
  return license && SPDX_ID.test(license) ? `https://spdx.org/licenses/${license}.html` : undefined
}
