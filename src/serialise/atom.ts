import { xmlAttribute, xmlText } from './xml.ts'

/**
 * Atom 1.0 (RFC 4287) Feed Documents: a feed description and its entries in, UTF-8 XML text out. What
 * the feeds say is decided by their callers; this writes it as the RFC orders it: the feed's id, title
 * and updated, its links and author, then each entry with its id, title, updated, authors, categories,
 * links and text content. Text constructs are `type="text"`, so no markup of a steward's is ever
 * interpreted by a reader.
 */
export const ATOM_MEDIA_TYPE = 'application/atom+xml'

const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom'

export interface AtomLink {
  href: string
  rel: 'self' | 'alternate' | 'related'
  type?: string
  title?: string
}

export interface AtomPerson {
  name: string
  uri?: string
}

export interface AtomCategory {
  term: string
  label?: string
}

export interface AtomEntry {
  /** An IRI that never changes for this entry (§4.2.6). */
  id: string
  title: string
  /** RFC 3339 date-times (anything Date parses; written in UTC). */
  updated: string
  published?: string
  /** Absent: the feed's author is the entry's. */
  authors?: readonly AtomPerson[]
  categories?: readonly AtomCategory[]
  links: readonly AtomLink[]
  /** Plain text; an entry without it needs an alternate link (§4.1.2). */
  content?: string
}

export interface AtomFeed {
  id: string
  title: string
  subtitle?: string
  /** The newest entry's updated, or a fixed time for a feed without entries. */
  updated: string
  links: readonly AtomLink[]
  author: AtomPerson
  generator: { name: string; uri?: string }
  entries: readonly AtomEntry[]
}

type Attributes = Readonly<Record<string, string | undefined>>

function attributes(attrs: Attributes): string {
  return Object.entries(attrs).map(([name, value]) => (value === undefined ? '' : ` ${name}="${xmlAttribute(value)}"`)).join('')
}

function element(name: string, attrs: Attributes, text?: string): string {
  return text === undefined ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${xmlText(text)}</${name}>`
}

/** A date-time as RFC 3339 wants it: UTC, upper-case T and Z. An unparseable one is a caller's bug: RangeError. */
export function atomDate(value: string): string {
  return new Date(value).toISOString()
}

const link = (l: AtomLink): string => element('link', { rel: l.rel, type: l.type, href: l.href, title: l.title })

const author = (p: AtomPerson): string => `<author>${element('name', {}, p.name)}${p.uri === undefined ? '' : element('uri', {}, p.uri)}</author>`

function entryXml(entry: AtomEntry): string {
  const lines = [
    element('id', {}, entry.id),
    element('title', { type: 'text' }, entry.title),
    element('updated', {}, atomDate(entry.updated)),
    ...(entry.published === undefined ? [] : [element('published', {}, atomDate(entry.published))]),
    ...(entry.authors ?? []).map(author),
    ...(entry.categories ?? []).map((c) => element('category', { term: c.term, label: c.label })),
    ...entry.links.map(link),
    ...(entry.content === undefined ? [] : [element('content', { type: 'text' }, entry.content)]),
  ]
  return `  <entry>\n${lines.map((l) => `    ${l}`).join('\n')}\n  </entry>`
}

export function atomDocument(feed: AtomFeed): string {
  const head = [
    element('id', {}, feed.id),
    element('title', { type: 'text' }, feed.title),
    ...(feed.subtitle === undefined ? [] : [element('subtitle', { type: 'text' }, feed.subtitle)]),
    element('updated', {}, atomDate(feed.updated)),
    ...feed.links.map(link),
    author(feed.author),
    element('generator', { uri: feed.generator.uri }, feed.generator.name),
  ]
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}">`,
    ...head.map((l) => `  ${l}`),
    ...feed.entries.map(entryXml),
    '</feed>',
    '',
  ].join('\n')
}
