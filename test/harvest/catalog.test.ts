import t from 'tap'
import { harvestPlatform } from './fixtures/platform.ts'
import { podCatalogValidator } from './fixtures/profiles.ts'

/**
 * SPEC §6 harvest formats of the whole catalog: Project Open Data v1.1 data.json (validated against
 * its published schema) and DCAT 3 JSON-LD. Closed datasets are listed without distributions; key-only
 * and conditional ones with them (the download checks access).
 */
type Json = Record<string, any>

t.test('data.json validates against the Project Open Data v1.1 schema (non-federal)', async (t) => {
  const { app } = await harvestPlatform(t)
  const res = await app.inject('/data.json')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const validate = podCatalogValidator()
  const doc = res.json()
  t.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)))
  t.notOk(validate({ ...doc, dataset: [{ ...doc.dataset[0], accessLevel: 'open' }] }), 'the schema is really applied')
})

t.test('data.json: access levels, distributions and vocabularies per dataset', async (t) => {
  const { app } = await harvestPlatform(t)
  const byId = new Map<string, Json>()
  for (const d of (await app.inject('/data.json')).json().dataset as Json[]) byId.set(d.landingPage.split('/').pop(), d)
  const cases: Array<[string, string, number]> = [
    ['stations', 'public', 3],
    ['penalties', 'public', 3],
    ['subsidies', 'restricted public', 3],
    ['case-records', 'non-public', 0],
  ]
  for (const [id, accessLevel, distributions] of cases) {
    const d = byId.get(id) as Json
    t.equal(d.accessLevel, accessLevel, `${id} accessLevel`)
    t.equal(d.distribution?.length ?? 0, distributions, `${id} distributions`)
  }
  t.match(byId.get('penalties'), {
    license: 'https://spdx.org/licenses/CC-BY-4.0.html',
    accrualPeriodicity: 'R/P1M',
    temporal: '2019-01-01/2024-12-31',
    spatial: '北京市',
    theme: ['信用服务'],
    publisher: { name: '北京市市场监督管理局' },
    rights: /API key/,
    describedBy: 'http://localhost:80/api/v1/datasets/penalties/datapackage.json',
  })
  t.same(byId.get('penalties')?.distribution.map((x: Json) => [x.mediaType, x.downloadURL]), [
    ['text/csv', 'http://localhost:80/api/v1/datasets/penalties/versions/1/download.csv'],
    ['application/gzip', 'http://localhost:80/api/v1/datasets/penalties/versions/1/download.csv.gz'],
    ['application/vnd.apache.arrow.file', 'http://localhost:80/api/v1/datasets/penalties/versions/1/download.arrow'],
  ])
  t.match(byId.get('subsidies')?.rights, /apply/)
})

t.test('catalog.jsonld is a DCAT catalog with checksummed distributions', async (t) => {
  const { app } = await harvestPlatform(t)
  const res = await app.inject('/api/v1/catalog.jsonld')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/ld\+json/)
  const doc = res.json()
  t.match(doc, { '@type': 'dcat:Catalog', '@id': 'http://localhost:80/api/v1/catalog.jsonld' })
  // every compact IRI uses a prefix the context declares
  const prefixes = new Set(Object.keys(doc['@context']))
  const undeclared = new Set<string>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (typeof node !== 'object' || node === null) return
    for (const [key, value] of Object.entries(node)) {
      for (const term of [key, ...(key === '@type' || key === '@id' ? [String(value)] : [])]) {
        const prefix = /^([a-z]+):(?!\/\/)/.exec(term)?.[1]
        if (prefix && !prefixes.has(prefix)) undeclared.add(term)
      }
      if (key !== '@context') walk(value)
    }
  }
  walk(doc)
  t.same([...undeclared], [], 'no undeclared prefix')
  const byId = new Map<string, Json>((doc['dcat:dataset'] as Json[]).map((d) => [d['dct:identifier'], d]))
  t.same([...byId.keys()].sort(), ['case-records', 'penalties', 'stations', 'subsidies'])
  const cases: Array<[string, string, number]> = [
    ['stations', 'PUBLIC', 3],
    ['penalties', 'PUBLIC', 3],
    ['subsidies', 'RESTRICTED', 3],
    ['case-records', 'NON_PUBLIC', 0],
  ]
  for (const [id, right, distributions] of cases) {
    const d = byId.get(id) as Json
    t.equal(d['@type'], 'dcat:Dataset')
    t.equal(d['dct:accessRights']['@id'], `http://publications.europa.eu/resource/authority/access-right/${right}`, `${id} access rights`)
    t.equal(d['dcat:distribution'].length, distributions, `${id} distributions`)
  }
  const penalties = byId.get('penalties') as Json
  t.same(penalties['dct:title'], [{ '@value': '行政处罚决定信息', '@language': 'zh' }, { '@value': 'Administrative penalty decisions', '@language': 'en' }])
  t.match(penalties, {
    'dcat:theme': { '@type': 'skos:Concept', 'skos:prefLabel': { '@value': '信用服务', '@language': 'zh' } },
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': { '@value': '北京市市场监督管理局' }, 'dct:identifier': '11110000000000000X' },
    'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' },
    'dct:license': { '@id': 'https://spdx.org/licenses/CC-BY-4.0.html' },
  })
  const detail = (await app.inject('/api/v1/datasets/penalties')).json()
  const [csv] = penalties['dcat:distribution'] as Json[]
  t.match(csv, {
    '@type': 'dcat:Distribution',
    'dcat:downloadURL': { '@id': `http://localhost:80${detail.distributions[0].url}` },
    'dcat:mediaType': { '@id': 'http://www.iana.org/assignments/media-types/text/csv' },
    'dcat:byteSize': { '@value': String(detail.distributions[0].bytes), '@type': 'xsd:nonNegativeInteger' },
    'spdx:checksum': {
      '@type': 'spdx:Checksum',
      'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' },
      'spdx:checksumValue': { '@value': detail.distributions[0].sha256, '@type': 'xsd:hexBinary' },
    },
  })
})
