import { QUERY_KEY_PARAMS } from '../catalog/reserved-names.ts'
import { KEY_LIKE } from './keys.ts'

/**
 * Where a request's API key comes from. Keys travel in `Authorization: Bearer <key>` or `X-API-Key`,
 * never in the URL: URLs end up in proxy logs, browser history and Referer headers. A key found in
 * the query string (QUERY_KEY_PARAMS, which no catalog field may be named) is refused (and redacted
 * from our own logs) rather than silently accepted.
 */

/**
 * `key` is also an ordinary name: the audit log filters by key id (`?key=<id>`) and a dataset may have a
 * field called key. So it is refused only when its value is a key; the other names are refused
 * whatever they hold, and any parameter holding something key-shaped is refused too.
 */
const SHARED_NAMES: ReadonlySet<string> = new Set(['key'])

export type Credentials =
  | { kind: 'none' }
  | { kind: 'key'; token: string }
  /** Something was sent as credentials but cannot be one of our keys (wrong scheme, two different keys, empty). */
  | { kind: 'invalid' }
  | { kind: 'in-query'; param: string }

type Headers = Record<string, string | string[] | undefined>

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

interface QueryPart {
  raw: string
  name: string
  value: string
}

function queryParts(url: string): QueryPart[] {
  const q = url.indexOf('?')
  if (q < 0) return []
  return url.slice(q + 1).split('&').filter(Boolean).map((raw) => {
    const eq = raw.indexOf('=')
    return eq < 0
      ? { raw, name: safeDecode(raw), value: '' }
      : { raw, name: safeDecode(raw.slice(0, eq)), value: safeDecode(raw.slice(eq + 1)) }
  })
}

function isCredentialParam(part: QueryPart): boolean {
  const name = part.name.toLowerCase()
  return (QUERY_KEY_PARAMS.includes(name) && !SHARED_NAMES.has(name)) || KEY_LIKE.test(part.value)
}

/** Logs are stricter than refusals: every value under a credential name is hidden, a mistyped key included. */
function isRedacted(part: QueryPart): boolean {
  return QUERY_KEY_PARAMS.includes(part.name.toLowerCase()) || KEY_LIKE.test(part.value)
}

/** The name of the first query parameter that carries (or is named like) a key. */
export function credentialInQuery(url: string): string | undefined {
  return queryParts(url).find(isCredentialParam)?.name
}

const REDACTED = '[REDACTED]'

/** A path segment or parameter name that holds something key-shaped, percent-encoded or not. */
const holdsKey = (raw: string): boolean => KEY_LIKE.test(safeDecode(raw))

function redactPart(part: QueryPart): string {
  if (KEY_LIKE.test(part.name)) return REDACTED
  return isRedacted(part) ? `${part.raw.split('=')[0]}=${REDACTED}` : part.raw
}

/**
 * The URL for logs: every path segment and parameter name holding something key-shaped replaced
 * whole, and the value of every credential-carrying parameter. Keys get pasted anywhere
 * (`/datasets/gk_…/rows`, `?gk_…`, `?gk_…=1`), and a log line outlives the key.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  const pathText = q < 0 ? url : url.slice(0, q)
  const pathRedacted = pathText.split('/').map((s) => (holdsKey(s) ? REDACTED : s)).join('/')
  if (q < 0) return pathRedacted
  const parts = queryParts(url)
  const query = parts.some((p) => KEY_LIKE.test(p.name) || isRedacted(p)) ? parts.map(redactPart).join('&') : url.slice(q + 1)
  return `${pathRedacted}?${query}`
}

function single(value: string | string[] | undefined): string | undefined | null {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : null
  return value
}

export function readCredentials(headers: Headers, url: string): Credentials {
  const param = credentialInQuery(url)
  if (param !== undefined) return { kind: 'in-query', param }
  const authorization = single(headers.authorization)
  const apiKey = single(headers['x-api-key'])
  if (authorization === undefined && apiKey === undefined) return { kind: 'none' }
  if (authorization === null || apiKey === null) return { kind: 'invalid' }
  let bearer: string | undefined
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization)
    if (!match) return { kind: 'invalid' }
    bearer = match[1]
  }
  const headerKey = apiKey?.trim()
  if (bearer !== undefined && headerKey !== undefined && bearer !== headerKey) return { kind: 'invalid' }
  const token = bearer ?? headerKey
  return token ? { kind: 'key', token } : { kind: 'invalid' }
}
