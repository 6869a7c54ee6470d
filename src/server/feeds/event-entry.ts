import { GRADE_POLICY, type Grade, type OpenAttribute } from '../../config/grades.ts'
import type { AtomEntry, AtomLink } from '../../serialise/atom.ts'
import type { CatalogEvent } from '../../store/change-types.ts'
import { fieldChangesWords, rowChangeWords, rowsWord } from './change-words.ts'
import { entryId } from './feed-ids.ts'
import { portalPath } from './feed-scope.ts'

/**
 * One catalog event as a feed entry: a title saying what happened to which dataset, plain words with the
 * details (the change summary of a version, the fields of a schema change, why a dataset closed), and
 * links to the dataset's portal page, its metadata and what changed. Everything comes from the event
 * itself, as the dataset was when it happened, so an entry never changes once written (and the feed's
 * ETag can be derived from its newest event).
 */
export interface EntryContext {
  /** The request's origin: every link is absolute. */
  origin: string
  host: string
  /** Whether this server has the portal pages to link to. */
  portal: boolean
}

const OPEN_WORDS: Readonly<Record<OpenAttribute, string>> = {
  unconditional: 'open without conditions',
  conditional: 'open to approved applications',
  closed: 'not opened (catalog entry only)',
}

function titleOf(event: CatalogEvent): string {
  switch (event.type) {
    case 'dataset.created': return `${event.title}: new dataset`
    case 'version.published': return `${event.title}: version ${event.version} published`
    case 'dataset.schema_changed': return `${event.title}: fields changed in version ${event.version}`
    case 'dataset.closed': return event.reason === 'removed' ? `${event.title}: removed from the catalog` : `${event.title}: closed`
  }
}

function contentOf(event: CatalogEvent): string {
  const name = `${event.title} (${event.datasetId})`
  switch (event.type) {
    case 'dataset.created':
      return `New dataset ${name} from ${event.provider}, theme ${event.theme}: grade ${event.grade} (${GRADE_POLICY[event.grade as Grade].meaning}), ${OPEN_WORDS[event.open]}.`
    case 'version.published': {
      const lines = [`Version ${event.version} of ${name} was published with ${rowsWord(event.rowCount)}.`]
      if (event.changes) {
        lines.push(rowChangeWords(event.changes))
        if (event.changes.fields.length > 0) lines.push(`Fields: ${fieldChangesWords(event.changes.fields)}.`)
      } else if (event.version === 1) {
        lines.push('It is the first version.')
      }
      return lines.join('\n')
    }
    case 'dataset.schema_changed':
      return `Version ${event.version} of ${name} changes its fields against version ${event.from}: ${fieldChangesWords(event.fields)}.`
    case 'dataset.closed':
      return event.reason === 'removed'
        ? `${name} was removed from the catalog: nothing of it is served any more.`
        : `${name} is closed: its catalog entry stays public, its data is no longer served.`
  }
}

/** The two versions an event's change summary compares (a schema change always has one). */
function comparison(event: CatalogEvent): { version: number; from: number } | undefined {
  if (event.type === 'dataset.schema_changed') return { version: event.version, from: event.from }
  if (event.type === 'version.published' && event.changes) return { version: event.version, from: event.changes.from }
  return undefined
}

/** What changed, row by row; the endpoint compares with the version before by default, a summary against an older one says so. */
function changesPath(event: CatalogEvent): string | undefined {
  const compared = comparison(event)
  if (!compared) return undefined
  return `/versions/${compared.version}/changes${compared.from === compared.version - 1 ? '' : `?from=${compared.from}`}`
}

function linksOf(event: CatalogEvent, context: EntryContext): AtomLink[] {
  // a removed dataset has no page, metadata or versions left to link to
  if (event.type === 'dataset.closed' && event.reason === 'removed') return []
  const metadata = `${context.origin}/api/v1/datasets/${encodeURIComponent(event.datasetId)}`
  const changes = changesPath(event)
  return [
    ...(context.portal ? [{ rel: 'alternate', type: 'text/html', href: `${context.origin}${portalPath({ kind: 'dataset', datasetId: event.datasetId })}`, title: 'Dataset page' } as const] : []),
    { rel: 'related', type: 'application/json', href: metadata, title: 'Metadata' },
    ...(changes === undefined ? [] : [{ rel: 'related', type: 'application/json', href: `${metadata}${changes}`, title: 'What changed, row by row' } as const]),
  ]
}

export function eventEntry(event: CatalogEvent, context: EntryContext): AtomEntry {
  return {
    id: entryId(context.host, event.id),
    title: titleOf(event),
    updated: event.at,
    published: event.at,
    authors: [{ name: event.provider }],
    categories: [{ term: event.theme }],
    links: linksOf(event, context),
    content: contentOf(event),
  }
}
