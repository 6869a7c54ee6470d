/**
 * Checks of Atom documents that do not rely on our serialiser: well-formedness and the element tree from
 * fast-xml-parser, and the RFC 4287 requirements a lenient reader (@rowanmanning/feed-parser, which
 * the tests also read every feed with) would tolerate being broken.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'

type Node = Record<string, unknown>

const tree = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  // every element as an array, so that "exactly one" can be counted
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
})

const children = (node: Node, name: string): Node[] => (node[name] as Node[] | undefined) ?? []
const textOf = (node: unknown): string => (typeof node === 'string' ? node : String((node as Node)['#text'] ?? ''))

/** XML 1.0 §2.2 Char, by code point. */
function forbiddenCodePoints(xml: string): number[] {
  const bad: number[] = []
  for (const ch of xml) {
    const c = ch.codePointAt(0) as number
    const allowed = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
    if (!allowed) bad.push(c)
  }
  return bad
}

/** RFC 3339 date-time (§3.3: upper-case T and Z). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/
const ABSOLUTE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/

function exactlyOne(node: Node, name: string, where: string, problems: string[]): string | undefined {
  const found = children(node, name)
  if (found.length !== 1) problems.push(`${where}: ${found.length} atom:${name} elements, not exactly one`)
  return found.length > 0 ? textOf(found[0]) : undefined
}

function checkCommon(node: Node, where: string, problems: string[]): void {
  const id = exactlyOne(node, 'id', where, problems)
  if (id !== undefined && !ABSOLUTE_IRI.test(id)) problems.push(`${where}: atom:id ${id} is not an absolute IRI`)
  exactlyOne(node, 'title', where, problems)
  for (const name of ['updated', 'published']) {
    for (const date of children(node, name).map(textOf)) if (!DATE_TIME.test(date)) problems.push(`${where}: atom:${name} ${date} is not an RFC 3339 date-time`)
  }
  exactlyOne(node, 'updated', where, problems)
  if (children(node, 'published').length > 1) problems.push(`${where}: more than one atom:published`)
  const links = children(node, 'link')
  const alternates = links.filter((l) => (l['@rel'] ?? 'alternate') === 'alternate').map((l) => `${String(l['@type'])} ${String(l['@hreflang'])}`)
  if (new Set(alternates).size !== alternates.length) problems.push(`${where}: two alternate links of one type and hreflang`)
  for (const l of links) if (!ABSOLUTE_IRI.test(String(l['@href']))) problems.push(`${where}: link href ${String(l['@href'])} is not absolute`)
  for (const author of children(node, 'author')) exactlyOne(author, 'name', `${where} author`, problems)
  for (const category of children(node, 'category')) if (!category['@term']) problems.push(`${where}: a category without a term`)
}

/** Every RFC 4287 requirement the document breaks (empty: none), and XML it is not. */
export function atomProblems(xml: string): string[] {
  const problems: string[] = []
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')) problems.push('no XML declaration saying UTF-8')
  const bad = forbiddenCodePoints(xml)
  if (bad.length > 0) problems.push(`characters XML 1.0 forbids: ${bad.map((c) => `U+${c.toString(16).toUpperCase()}`).join(', ')}`)
  const valid = XMLValidator.validate(xml)
  if (valid !== true) return [...problems, `not well-formed: ${valid.err.msg} (line ${valid.err.line})`]
  const feeds = children(tree.parse(xml) as Node, 'feed')
  if (feeds.length !== 1) return [...problems, 'the root element is not atom:feed']
  const feed = feeds[0] as Node
  if (feed['@xmlns'] !== 'http://www.w3.org/2005/Atom') problems.push('atom:feed is not in the Atom namespace')
  checkCommon(feed, 'feed', problems)
  const selfLinks = children(feed, 'link').filter((l) => l['@rel'] === 'self')
  if (selfLinks.length !== 1) problems.push(`feed: ${selfLinks.length} self links, not one`)
  const entries = children(feed, 'entry')
  const feedHasAuthor = children(feed, 'author').length > 0
  const ids = new Set<string>()
  entries.forEach((entry, i) => {
    const where = `entry ${i}`
    checkCommon(entry, where, problems)
    if (!feedHasAuthor && children(entry, 'author').length === 0) problems.push(`${where}: no author, and the feed has none`)
    const hasAlternate = children(entry, 'link').some((l) => (l['@rel'] ?? 'alternate') === 'alternate')
    if (children(entry, 'content').length === 0 && !hasAlternate) problems.push(`${where}: neither atom:content nor an alternate link`)
    const id = textOf(children(entry, 'id')[0])
    if (ids.has(id)) problems.push(`${where}: id ${id} repeats an earlier entry's`)
    ids.add(id)
  })
  return problems
}
