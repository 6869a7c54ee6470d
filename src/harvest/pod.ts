import type { HarvestedDataset } from './catalog-source.ts'
import { distributionsOf } from './distributions.ts'
import { ACCESS, FREQUENCIES, licenseUrl, rightsOf } from './vocabulary.ts'

/**
 * The catalog as a Project Open Data v1.1 `data.json`, the format data.gov-style harvesters read.
 * Gongkai is not a US federal agency, so the federal-only `bureauCode` and `programCode` are
 * absent: the document follows the non-federal variant of the v1.1 schema (see
 * test/profiles/README.md). accessLevel follows the open attribute; closed datasets are listed
 * as non-public, without distributions.
 */
export const POD_SCHEMA = 'https://project-open-data.cio.gov/v1.1/schema'

function podDataset({ dataset, manifest }: HarvestedDataset, base: string) {
  const { entry, current } = dataset
  const self = `${base}/api/v1/datasets/${entry.id}`
  const license = licenseUrl(entry.license)
  const frequency = entry.update_frequency ? FREQUENCIES[entry.update_frequency].iso : undefined
  const distributions = current && entry.open !== 'closed' ? distributionsOf(entry.id, current.version, manifest, base) : []
  const temporal = entry.temporal?.start && entry.temporal.end ? `${entry.temporal.start}/${entry.temporal.end}` : undefined
  return {
    '@type': 'dcat:Dataset',
    identifier: self,
    title: entry.title,
    description: entry.description ?? entry.title,
    keyword: entry.keywords?.length ? entry.keywords : [entry.theme],
    modified: dataset.updatedAt,
    publisher: { '@type': 'org:Organization', name: entry.provider.name },
    contactPoint: { '@type': 'vcard:Contact', fn: entry.provider.name },
    accessLevel: ACCESS[entry.open].podAccessLevel,
    rights: rightsOf(entry).slice(0, 255),
    ...(license ? { license } : {}),
    ...(entry.spatial ? { spatial: entry.spatial } : {}),
    ...(temporal ? { temporal } : {}),
    ...(frequency ? { accrualPeriodicity: frequency } : {}),
    theme: [entry.theme],
    language: ['zh'],
    landingPage: self,
    ...(current && manifest ? { describedBy: `${self}/datapackage.json`, describedByType: 'application/json' } : {}),
    ...(distributions.length ? {
      distribution: distributions.map((d) => ({
        '@type': 'dcat:Distribution',
        title: `${entry.title}（${d.title}）`,
        downloadURL: d.url,
        mediaType: d.media_type,
        format: d.title,
      })),
    } : {}),
  }
}

export function podCatalog(datasets: readonly HarvestedDataset[], base: string) {
  return {
    '@context': `${POD_SCHEMA}/catalog.jsonld`,
    '@id': `${base}/data.json`,
    '@type': 'dcat:Catalog',
    conformsTo: POD_SCHEMA,
    describedBy: `${POD_SCHEMA}/catalog.json`,
    dataset: datasets.map((d) => podDataset(d, base)),
  }
}
