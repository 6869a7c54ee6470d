/**
 * Conditional requests (RFC 9110 §13) against a bulk file's validators: a strong ETag (the quoted
 * SHA-256 of its bytes) and Last-Modified (when the version's files were written). Pure, so every
 * branch is tested without a server. The byte ranges themselves are left to @fastify/send; this
 * decides whether a Range header may be honoured at all (If-Range) and whether to answer 304 or 412.
 */
export interface Validators {
  /** Quoted strong entity tag, e.g. `"3a7b…"`. */
  etag: string
  /** Last-Modified, at one-second precision as HTTP dates carry it. */
  lastModified: Date
}

export type Outcome = 'not-modified' | 'precondition-failed' | 'full' | 'range'

type Headers = Readonly<Record<string, string | string[] | undefined>>

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function entityTags(list: string): string[] {
  return list.split(',').map((t) => t.trim()).filter(Boolean)
}

const opaque = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag)

/** Weak comparison (If-None-Match): the opaque tags are equal, weakness ignored. */
function weakMatch(list: string, etag: string): boolean {
  return list.trim() === '*' || entityTags(list).some((t) => opaque(t) === etag)
}

/** Strong comparison (If-Match, If-Range): both tags strong and equal. */
function strongMatch(list: string, etag: string): boolean {
  return list.trim() === '*' || entityTags(list).some((t) => t === etag)
}

function httpDate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const time = Date.parse(text)
  return Number.isNaN(time) ? undefined : time
}

/** The evaluation order of RFC 9110 §13.2.2, for GET and HEAD. */
export function evaluateConditions(headers: Headers, validators: Validators): Outcome {
  const modified = Math.floor(validators.lastModified.getTime() / 1000) * 1000
  const ifMatch = header(headers, 'if-match')
  if (ifMatch !== undefined) {
    if (!strongMatch(ifMatch, validators.etag)) return 'precondition-failed'
  } else {
    const unmodifiedSince = httpDate(header(headers, 'if-unmodified-since'))
    if (unmodifiedSince !== undefined && modified > unmodifiedSince) return 'precondition-failed'
  }
  const ifNoneMatch = header(headers, 'if-none-match')
  if (ifNoneMatch !== undefined) {
    if (weakMatch(ifNoneMatch, validators.etag)) return 'not-modified'
  } else {
    const modifiedSince = httpDate(header(headers, 'if-modified-since'))
    if (modifiedSince !== undefined && modified <= modifiedSince) return 'not-modified'
  }
  if (header(headers, 'range') === undefined) return 'full'
  const ifRange = header(headers, 'if-range')?.trim()
  if (ifRange === undefined) return 'range'
  // an entity tag must match strongly; a date must be exactly Last-Modified (§13.1.5), else the whole file
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === validators.etag ? 'range' : 'full'
  return httpDate(ifRange) === modified ? 'range' : 'full'
}
