import { FORMAT_INFO } from '../materialise/formats.ts'
import type { HarvestedDataset } from './catalog-source.ts'
import { distributionsOf } from './distributions.ts'
import { ACCESS, FREQUENCIES, licenseUrl } from './vocabulary.ts'

/**
 * The catalog as DCAT 3 in JSON-LD, shaped for DCAT-AP harvesters: a dcat:Catalog whose
 * dcat:Dataset entries carry titles in Chinese (and English where the catalog has one), publisher,
 * theme, keywords, access rights from the open attribute, and one dcat:Distribution per bulk file of
 * the current version with byte size, SPDX SHA-256 checksum, IANA media type and download URL.
 * Closed datasets are listed with their metadata and no distribution.
 */
export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const

const IANA = 'http://www.iana.org/assignments/media-types/'

const zh = (value: string) => ({ '@value': value, '@language': 'zh' })
const en = (value: string) => ({ '@value': value, '@language': 'en' })
const typed = (value: string, type: string) => ({ '@value': value, '@type': type })

function datasetNode({ dataset, manifest }: HarvestedDataset, base: string) {
  const { entry, current } = dataset
  const self = `${base}/api/v1/datasets/${entry.id}`
  const license = licenseUrl(entry.license)
  const distributions = current && entry.open !== 'closed' ? distributionsOf(entry.id, current.version, manifest, base) : []
  return {
    '@id': self,
    '@type': 'dcat:Dataset' as const,
    'dct:identifier': entry.id,
    'dct:title': [zh(entry.title), ...(entry.title_en ? [en(entry.title_en)] : [])],
    ...(entry.description ? { 'dct:description': zh(entry.description) } : {}),
    'dcat:keyword': (entry.keywords ?? []).map(zh),
    'dcat:theme': { '@type': 'skos:Concept', 'skos:prefLabel': zh(entry.theme) },
    'dct:publisher': {
      '@type': 'foaf:Organization',
      'foaf:name': zh(entry.provider.name),
      ...(entry.provider.code ? { 'dct:identifier': entry.provider.code } : {}),
    },
    'dcat:contactPoint': { '@type': 'vcard:Organization', 'vcard:fn': zh(entry.provider.name) },
    'dct:accessRights': { '@id': ACCESS[entry.open].euAccessRight },
    ...(license ? { 'dct:license': { '@id': license } } : {}),
    'dct:modified': typed(dataset.updatedAt, 'xsd:dateTime'),
    ...(entry.update_frequency ? { 'dct:accrualPeriodicity': { '@id': FREQUENCIES[entry.update_frequency].eu } } : {}),
    ...(entry.temporal ? {
      'dct:temporal': {
        '@type': 'dct:PeriodOfTime',
        ...(entry.temporal.start ? { 'dcat:startDate': typed(entry.temporal.start, 'xsd:date') } : {}),
        ...(entry.temporal.end ? { 'dcat:endDate': typed(entry.temporal.end, 'xsd:date') } : {}),
      },
    } : {}),
    ...(entry.spatial ? { 'dct:spatial': { '@type': 'dct:Location', 'skos:prefLabel': zh(entry.spatial) } } : {}),
    'dcat:landingPage': { '@id': self },
    ...(current ? { 'dcat:version': String(current.version) } : {}),
    'dcat:distribution': distributions.map((d) => ({
      '@id': d.url,
      '@type': 'dcat:Distribution',
      'dct:title': zh(`${entry.title}（${d.title}）`),
      'dcat:downloadURL': { '@id': d.url },
      'dcat:accessURL': { '@id': self },
      'dcat:mediaType': { '@id': `${IANA}${FORMAT_INFO[d.format].mediaType}` },
      'dcat:byteSize': typed(String(d.bytes), 'xsd:nonNegativeInteger'),
      'spdx:checksum': {
        '@type': 'spdx:Checksum',
        'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
        'spdx:checksumValue': typed(d.sha256, 'xsd:hexBinary'),
      },
      ...(license ? { 'dct:license': { '@id': license } } : {}),
      'dct:accessRights': { '@id': ACCESS[entry.open].euAccessRight },
    })),
  }
}

export function dcatCatalog(datasets: readonly HarvestedDataset[], base: string) {
  return {
    '@context': DCAT_CONTEXT,
    '@id': `${base}/api/v1/catalog.jsonld`,
    '@type': 'dcat:Catalog' as const,
    'dct:title': [zh('公开：公共数据开放目录'), en('Gongkai open government data catalog')],
    'dct:description': [zh('经分类分级、个人信息已脱敏的公共数据目录'), en('Catalogued, classified and graded public datasets, with personal data desensitised')],
    'foaf:homepage': { '@id': `${base}/docs` },
    'dcat:dataset': datasets.map((d) => datasetNode(d, base)),
  }
}
