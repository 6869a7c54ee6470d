import crypto from 'node:crypto'
import { ATOM_MEDIA_TYPE, type AtomFeed } from '../../serialise/atom.ts'
import type { CatalogEvent } from '../../store/change-types.ts'
import type { Validators } from '../download/conditions.ts'
import { eventEntry, type EntryContext } from './event-entry.ts'
import { feedId } from './feed-ids.ts'
import { feedPath, portalPath, type FeedScope } from './feed-scope.ts'

/** How many events a feed lists, newest first: readers poll, so a few weeks of a busy catalog is plenty. */
export const FEED_ENTRIES = 50

/**
 * The `updated` (and Last-Modified) of a feed that has no event yet: a fixed time rather than "now", so
 * that the feed stays the same document, answered with 304, until its first event.
 */
export const EMPTY_FEED_UPDATED = '2026-01-01T00:00:00.000Z'

/** Bump when what feeds say changes, so that readers holding a copy in the old words fetch the new. */
const FEED_FORMAT = 1

/** What a feed follows, named for people: the theme with its English name, the dataset with its title. */
export interface FeedSubject {
  scope: FeedScope
  /** The catalog, theme, provider or dataset as the feed's title and subtitle name it. */
  label: string
}

function titles({ scope, label }: FeedSubject): { title: string; subtitle: string } {
  const events = 'New datasets, published versions, schema changes and closed datasets'
  switch (scope.kind) {
    case 'catalog': return { title: 'Gongkai: all datasets', subtitle: `${events} in ${label}` }
    case 'theme': return { title: `Gongkai: theme ${label}`, subtitle: `${events} in theme ${label}` }
    case 'provider': return { title: `Gongkai: datasets of ${label}`, subtitle: `${events} of ${label}` }
    case 'dataset': return { title: `Gongkai: ${label}`, subtitle: `Published versions, schema changes and the closing of ${label}` }
  }
}

/** The feed of `events` (newest first, at most FEED_ENTRIES) about `subject`, as the request's origin reaches it. */
export function catalogFeed(subject: FeedSubject, events: readonly CatalogEvent[], context: EntryContext): AtomFeed {
  const path = feedPath(subject.scope)
  return {
    id: feedId(context.host, path),
    ...titles(subject),
    updated: events[0]?.at ?? EMPTY_FEED_UPDATED,
    links: [
      { rel: 'self', type: ATOM_MEDIA_TYPE, href: `${context.origin}${path}` },
      ...(context.portal ? [{ rel: 'alternate', type: 'text/html', href: `${context.origin}${portalPath(subject.scope)}` } as const] : []),
    ],
    author: { name: 'Gongkai', uri: `${context.origin}/` },
    generator: { name: 'Gongkai' },
    entries: events.map((event) => eventEntry(event, context)),
  }
}

/**
 * A strong ETag and Last-Modified for a feed. Events never change once written and ids grow, so the
 * entries are fixed by the newest event's id; everything else is the feed's head (id, title, links
 * with the origin), hashed in with the format: the same tag means the same document, byte for byte.
 */
export function feedValidators(feed: AtomFeed, newest: CatalogEvent | undefined): Validators {
  const { entries: _entries, ...head } = feed
  const identity = crypto.createHash('sha256').update(JSON.stringify({ format: FEED_FORMAT, head })).digest('base64url').slice(0, 22)
  return { etag: `"${newest?.id ?? 0}-${identity}"`, lastModified: new Date(feed.updated) }
}
