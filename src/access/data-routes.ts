/**
 * Which routes serve a dataset's data (rows, aggregates, bulk files, old versions) and so fall under
 * the grade policy, the download limit and the audit log. Deny by default: every route below
 * /api/v1/datasets/:id/ is a data route unless it is known to serve only public metadata, so a new data
 * route is protected the day it is added, before anyone remembers to say so.
 */
export const DATASET_PREFIX = '/api/v1/datasets/:id/'

/** Routes under the dataset prefix that serve public metadata or take applications. */
export const METADATA_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/datasets/:id/datapackage.json',
  '/api/v1/datasets/:id/applications',
])

export interface RouteFlags {
  /** A bulk file: counted against the hourly download limit. */
  download?: boolean
}

export function isDataRoute(url: string | undefined, config: RouteFlags | undefined): boolean {
  if (config?.download === true) return true
  if (!url?.startsWith(DATASET_PREFIX)) return false
  return !METADATA_ROUTES.has(url)
}

export function isDownloadRoute(config: RouteFlags | undefined): boolean {
  return config?.download === true
}
