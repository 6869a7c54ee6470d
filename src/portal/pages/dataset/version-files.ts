import { readAccess } from '../../../access/policy.ts'
import { currentDownloadPath, versionDownloadPath } from '../../../harvest/distributions.ts'
import { builtExcelCsvDigest } from '../../../materialise/excel-csv.ts'
import type { BulkFormat } from '../../../materialise/formats.ts'
import { orderedFiles, readManifest, type FileDigest } from '../../../materialise/manifest.ts'
import type { CellValue } from '../../../desensitise/types.ts'
import type { DatasetRecord, DatasetStore, VersionInfo } from '../../../store/types.ts'

/**
 * What the versions section and the API snippets need from disk: each kept version's bulk files
 * (files.json, written once at ingest) and, for the snippets of an open dataset, one real value of an
 * indexed field. Versions are immutable and their numbers never reused (the store counts them up), so
 * what is read for a version is kept for the life of the process; a version without
 * files.json is looked at again next time (cheap: one failed open).
 */

/** The formats a page offers: the three bulk files and the spreadsheet CSV (`?bom=1`). */
export type DownloadFormat = BulkFormat | 'excel.csv'

export interface DownloadFile {
  format: DownloadFormat
  /** The API URL (relative to this server). */
  url: string
  /** Unknown for the spreadsheet CSV until its first download made it. */
  digest?: FileDigest
}

export interface VersionFiles {
  version: number
  current: boolean
  /** Empty when the version has no bulk files (published before downloads existed, or pruned meanwhile). */
  files: DownloadFile[]
}

interface VersionDigests {
  files: Array<{ format: BulkFormat } & FileDigest>
  excel?: FileDigest
}

const MAX_CACHED = 2000
const digests = new Map<string, VersionDigests>()

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_CACHED) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  cache.set(key, value)
  return value
}

async function digestsOf(store: DatasetStore, datasetId: string, version: number): Promise<VersionDigests | undefined> {
  const key = `${datasetId}/${version}`
  const files = store.versionFiles(datasetId, version)
  const known = digests.get(key)
  if (known) {
    if (!known.excel) {
      const excel = await builtExcelCsvDigest(files)
      if (excel) known.excel = excel
    }
    return known
  }
  const manifest = await readManifest(files)
  if (!manifest) return undefined
  const listed = orderedFiles(manifest).map((f) => ({ format: f.format, bytes: f.bytes, sha256: f.sha256 }))
  const excel = await builtExcelCsvDigest(files)
  return remember(digests, key, excel ? { files: listed, excel } : { files: listed })
}

function urlOf(id: string, version: VersionInfo, current: boolean, format: BulkFormat, bom = false): string {
  const base = current ? currentDownloadPath(id, format) : versionDownloadPath(id, version.version, format)
  return bom ? `${base}?bom=1` : base
}

/** The downloads of every kept version, newest first; none for a dataset nobody may read. */
export async function versionFiles(store: DatasetStore, dataset: DatasetRecord): Promise<VersionFiles[]> {
  if (readAccess(dataset.entry) === 'nobody') return []
  return Promise.all(dataset.versions.map(async (v) => {
    const current = v.version === dataset.current?.version
    const found = await digestsOf(store, dataset.id, v.version)
    const files: DownloadFile[] = []
    for (const f of found?.files ?? []) {
      files.push({ format: f.format, url: urlOf(dataset.id, v, current, f.format), digest: { bytes: f.bytes, sha256: f.sha256 } })
      if (f.format === 'csv') {
        files.push({ format: 'excel.csv', url: urlOf(dataset.id, v, current, 'csv', true), ...(found?.excel ? { digest: found.excel } : {}) })
      }
    }
    return { version: v.version, current, files }
  }))
}

/** A filter for the row snippets: an indexed field and, where the page may show one, a real value of it. */
export interface SnippetExample {
  field: string
  value?: string
}

const examples = new Map<string, SnippetExample | null>()

/**
 * The first indexed field (not the primary key when another is indexed) with its value in the first
 * row, for the API snippets. Only for data anyone may read: a value of a keyed or granted dataset
 * must not appear on a public page, so those snippets sort by the field instead.
 */
export async function snippetExample(store: DatasetStore, dataset: DatasetRecord): Promise<SnippetExample | undefined> {
  const { current } = dataset
  if (!current) return undefined
  const indexed = current.fields.filter((f) => f.index)
  const field = indexed.find((f) => f.name !== current.primaryKey) ?? indexed[0]
  if (!field) return undefined
  if (readAccess(dataset.entry) !== 'anyone') {
    const allowed = dataset.entry.fields.find((f) => f.name === field.name)?.constraints?.enum?.[0]
    return allowed === undefined ? { field: field.name } : { field: field.name, value: String(allowed) }
  }
  const key = `${dataset.id}/${current.version}#${field.name}`
  const known = examples.get(key)
  if (known !== undefined) return known ?? { field: field.name }
  let value: CellValue | undefined
  try {
    const page = await store.readRows(dataset.id, current.version, { limit: 1 })
    value = page.rows[0]?.[field.name]
  } catch {
    value = undefined
  }
  const example = value === null || value === undefined || value === '' ? null : { field: field.name, value: String(value) }
  remember(examples, key, example)
  return example ?? { field: field.name }
}
