/**
 * The ids of feeds and entries: tag URIs (RFC 4151) that never change for a feed or an event. The
 * authority is the project's own name, as for the problem types (server/problem.ts), with the year the
 * feeds began; the server's host comes first in the specific part, so that two installations never
 * mint the same id for their event 1. An entry has the same id in every feed it appears in (catalog,
 * theme, provider, dataset), as RFC 4287 §4.2.6 wants of one entry.
 */
const TAG_PREFIX = 'tag:gongkai.dev,2026:'

/** The host as a tag's specific part allows it (pchar): lower case, anything else percent-encoded, the port's colon kept. */
function hostPart(host: string): string {
  return encodeURIComponent(host.toLowerCase()).replaceAll('%3A', ':')
}

export function feedId(host: string, path: string): string {
  return `${TAG_PREFIX}${hostPart(host)}${path}`
}

export function entryId(host: string, eventId: number): string {
  return `${TAG_PREFIX}${hostPart(host)}/events/${eventId}`
}
