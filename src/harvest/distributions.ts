import { FORMAT_INFO, type BulkFormat } from '../materialise/formats.ts'
import { orderedFiles, type Manifest } from '../materialise/manifest.ts'

/**
 * A version's bulk files as the metadata and the harvest documents list them. URLs name the version
 * (…/versions/3/download.csv), so a URL and the checksum beside it always describe the same bytes;
 * …/download.csv without a version follows the current one.
 */
export interface Distribution {
  format: BulkFormat
  title: string
  media_type: string
  url: string
  bytes: number
  sha256: string
}

export function currentDownloadPath(datasetId: string, format: BulkFormat): string {
  return `/api/v1/datasets/${datasetId}/download.${format}`
}

export function versionDownloadPath(datasetId: string, version: number, format: BulkFormat): string {
  return `/api/v1/datasets/${datasetId}/versions/${version}/download.${format}`
}

/** `base` is '' for the API's own relative links, or an absolute origin for harvesters. */
export function distributionsOf(datasetId: string, version: number, manifest: Manifest | undefined, base = ''): Distribution[] {
  if (!manifest) return []
  return orderedFiles(manifest).map((f) => ({
    format: f.format,
    title: FORMAT_INFO[f.format].title,
    media_type: FORMAT_INFO[f.format].mediaType,
    url: `${base}${versionDownloadPath(datasetId, version, f.format)}`,
    bytes: f.bytes,
    sha256: f.sha256,
  }))
}
