import type { ReadAccess } from '../config/grades.ts'

/**
 * Who may keep a copy of a response, decided here for every route (the cache-control plugin and the
 * download routes ask these two functions). Anything answered to a key is between the server and that
 * key holder: `private, no-store`, so neither a shared cache nor the browser of a shared desk keeps
 * it. Anonymous grade-1 query results are the same for everyone and may be cached for a minute.
 * Bulk files keep their validators: they are revalidated (current version) or immutable (a version
 * URL), `public` only when anyone may read them and no key was sent, never stored at all when the
 * data needs a grant (every read of it is audited, and the grant lapses).
 */
const ANONYMOUS_QUERY_MAX_AGE = 60

/** A year: the longest lifetime RFC 9111 caches are asked to honour, for files whose URL names their version. */
const IMMUTABLE = 'max-age=31536000, immutable'

/**
 * Feeds: public metadata, the same for everyone, changed by each new event. Any cache may keep one but
 * must revalidate it (a 304 against its ETag) before each use, as with a bulk file's current-version URL.
 */
export const FEED_CACHE_CONTROL = 'public, no-cache'

/** Every response may depend on the key (a 401, a 403, the data itself), and a query on the format asked for. */
export const VARY_BY_CALLER = 'Authorization, X-API-Key'

export type RouteKind = 'query' | 'bulk' | 'other'

export interface CacheSubject {
  status: number
  /** The request carried a valid key. */
  keyed: boolean
  route: RouteKind
}

export function bulkFileCacheControl(readers: ReadAccess, keyed: boolean, versionUrl: boolean): string {
  if (readers === 'granted-key') return 'private, no-store'
  const scope = readers === 'anyone' && !keyed ? 'public' : 'private'
  return `${scope}, ${versionUrl ? IMMUTABLE : 'no-cache'}`
}

/** The Cache-Control of a response, or undefined to leave the route's own (a bulk file's) or none. */
export function responseCacheControl(subject: CacheSubject): string | undefined {
  if (subject.status >= 400) return 'no-store'
  if (subject.route === 'bulk') return undefined
  if (subject.keyed) return 'private, no-store'
  return subject.route === 'query' ? `public, max-age=${ANONYMOUS_QUERY_MAX_AGE}` : undefined
}
