import type { CatalogField } from '../catalog/schema.ts'
import { FORMAT_INFO } from '../materialise/formats.ts'
import { fileOf, type Manifest } from '../materialise/manifest.ts'
import type { DatasetRecord, PublicField, VersionInfo } from '../store/types.ts'
import { versionDownloadPath } from './distributions.ts'
import { licenseUrl } from './vocabulary.ts'

/**
 * A Frictionless Data Package v2 descriptor of a dataset's current version: one tabular resource,
 * the version's CSV, with its URL, size, SHA-256, dialect and Table Schema (types, titles,
 * constraints, primary key), so `frictionless validate`, pandas or R can read and check it.
 * Constraints are stated only for fields published as they are: after masking or hashing a value no
 * longer has to match the source's pattern, length or uniqueness.
 */
export const DATA_PACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json'

function tableField(field: PublicField, catalogField: CatalogField | undefined, primaryKey: string | undefined) {
  const description = [field.description, field.unit ? `单位：${field.unit}` : undefined].filter(Boolean).join('；')
  const constraints = { ...(field.rule === 'keep' ? catalogField?.constraints : undefined), ...(field.name === primaryKey ? { required: true, unique: true } : {}) }
  return {
    name: field.name,
    type: field.type,
    title: field.title,
    ...(description ? { description } : {}),
    ...(Object.keys(constraints).length ? { constraints } : {}),
  }
}

export function dataPackage(dataset: DatasetRecord & { current: VersionInfo }, manifest: Manifest, base: string) {
  const { entry, current } = dataset
  const csv = fileOf(manifest, 'csv')
  if (!csv) throw new Error(`the manifest of ${dataset.id} v${current.version} lists no CSV`)
  const byName = new Map<string, CatalogField>(entry.fields.map((f) => [f.name, f]))
  const license = licenseUrl(entry.license)
  const publisher = entry.provider.name
  return {
    $schema: DATA_PACKAGE_PROFILE,
    name: entry.id,
    id: `${base}/api/v1/datasets/${entry.id}`,
    title: entry.title,
    ...(entry.description ? { description: entry.description } : {}),
    homepage: `${base}/api/v1/datasets/${entry.id}`,
    version: String(current.version),
    created: current.publishedAt,
    ...(entry.keywords?.length ? { keywords: entry.keywords } : {}),
    ...(entry.license ? { licenses: [{ name: entry.license, ...(license ? { path: license } : {}) }] } : {}),
    contributors: [{ title: publisher, organization: publisher, roles: ['publisher'] }],
    sources: [{ title: publisher }],
    resources: [{
      name: entry.id,
      type: 'table',
      path: `${base}${versionDownloadPath(entry.id, current.version, 'csv')}`,
      title: entry.title,
      format: 'csv',
      mediatype: FORMAT_INFO.csv.mediaType,
      encoding: 'utf-8',
      bytes: csv.bytes,
      hash: `sha256:${csv.sha256}`,
      dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
      schema: {
        fields: current.fields.map((f) => tableField(f, byName.get(f.name), current.primaryKey)),
        ...(current.primaryKey ? { primaryKey: [current.primaryKey] } : {}),
        missingValues: [''],
      },
    }],
  }
}
