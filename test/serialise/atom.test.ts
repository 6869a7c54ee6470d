import { parseFeed } from '@rowanmanning/feed-parser'
import t from 'tap'
import { atomDate, atomDocument, type AtomEntry, type AtomFeed } from '../../src/serialise/atom.ts'
import { xmlAttribute, xmlText } from '../../src/serialise/xml.ts'
import { atomProblems } from '../helpers/atom.ts'

t.test('text and attribute values are escaped, and characters XML 1.0 forbids are dropped', async (t) => {
  const cases: Array<[string, string, string]> = [
    // value, as text, as attribute
    ['plain', 'plain', 'plain'],
    ['空气质量 · 北京市', '空气质量 · 北京市', '空气质量 · 北京市'],
    ['a & b', 'a &amp; b', 'a &amp; b'],
    ['<script>x</script>', '&lt;script&gt;x&lt;/script&gt;', '&lt;script&gt;x&lt;/script&gt;'],
    ['ends ]]> here', 'ends ]]&gt; here', 'ends ]]&gt; here'],
    ['say "hi" it\'s', 'say "hi" it\'s', 'say &quot;hi&quot; it\'s'],
    ['&amp; already', '&amp;amp; already', '&amp;amp; already'],
    ['tab\tline\nreturn\r', 'tab\tline\nreturn&#13;', 'tab&#9;line&#10;return&#13;'],
    ['nul\u0000 bell\u0007 esc\u001b', 'nul bell esc', 'nul bell esc'],
    ['noncharacters \uFFFE\uFFFF', 'noncharacters ', 'noncharacters '],
    ['lone \uD800 surrogates \uDC00', 'lone  surrogates ', 'lone  surrogates '],
    ['astral 😀 𠀀', 'astral 😀 𠀀', 'astral 😀 𠀀'],
    ['\u0085 next line and \u2028 separator', '\u0085 next line and \u2028 separator', '\u0085 next line and \u2028 separator'],
  ]
  // test names escaped: a raw U+0085 or U+2028 would break the TAP stream's lines
  const shown = (s: string): string => JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`)
  for (const [value, text, attribute] of cases) {
    t.equal(xmlText(value), text, `text ${shown(value)}`)
    t.equal(xmlAttribute(value), attribute, `attribute ${shown(value)}`)
  }
})

t.test('dates are written as RFC 3339 in UTC; an unreadable one is refused', async (t) => {
  const cases: Array<[string, string]> = [
    ['2026-03-05T08:00:00.000Z', '2026-03-05T08:00:00.000Z'],
    ['2026-03-05T16:00:00+08:00', '2026-03-05T08:00:00.000Z'],
    ['2026-03-05', '2026-03-05T00:00:00.000Z'],
  ]
  for (const [value, expected] of cases) t.equal(atomDate(value), expected, value)
  t.throws(() => atomDate('yesterday'), RangeError)
})

const HOSTILE = '<b>粗体</b> & "引号" ]]> \u0000\uFFFE\uD800 😀'
const HOSTILE_READ = '<b>粗体</b> & "引号" ]]>  😀'

const entry = (n: number, extra: Partial<AtomEntry> = {}): AtomEntry => ({
  id: `tag:example.org,2026:entry/${n}`,
  title: `条目 ${n}`,
  updated: `2026-03-0${n}T08:00:00Z`,
  published: `2026-03-0${n}T08:00:00Z`,
  links: [{ rel: 'alternate', type: 'text/html', href: `https://example.org/datasets/d${n}` }],
  ...extra,
})

const feed = (entries: AtomEntry[], extra: Partial<AtomFeed> = {}): AtomFeed => ({
  id: 'tag:example.org,2026:feeds/catalog',
  title: '目录的更新',
  subtitle: 'New datasets and versions',
  updated: entries[0]?.updated ?? '2026-01-01T00:00:00Z',
  links: [
    { rel: 'self', type: 'application/atom+xml', href: 'https://example.org/feeds/catalog.atom' },
    { rel: 'alternate', type: 'text/html', href: 'https://example.org/' },
  ],
  author: { name: 'Gongkai', uri: 'https://example.org/' },
  generator: { name: 'Gongkai', uri: 'https://gongkai.dev/' },
  entries,
  ...extra,
})

t.test('documents meet RFC 4287 and read back through an independent parser', async (t) => {
  const cases: Array<[string, AtomFeed]> = [
    ['no entries', feed([])],
    ['entries with links only', feed([entry(2), entry(1)])],
    ['an entry with text content, its own author, categories and related links', feed([entry(1, {
      authors: [{ name: '北京市生态环境局' }],
      categories: [{ term: '生态环境', label: '生态环境 (Ecology)' }],
      links: [
        { rel: 'alternate', type: 'text/html', href: 'https://example.org/datasets/air' },
        { rel: 'related', type: 'application/json', href: 'https://example.org/api/v1/datasets/air', title: 'Metadata' },
      ],
      content: 'Version 2 published.\n2 rows added.',
    })])],
    ['an entry with content and no link', feed([entry(1, { links: [], content: 'removed' })])],
    ['hostile text everywhere', feed([entry(1, { title: HOSTILE, content: HOSTILE, authors: [{ name: HOSTILE }], categories: [{ term: HOSTILE, label: HOSTILE }] })], { title: HOSTILE, subtitle: HOSTILE })],
  ]
  for (const [name, input] of cases) {
    const xml = atomDocument(input)
    t.same(atomProblems(xml), [], `${name}: RFC 4287`)
    const parsed = parseFeed(xml)
    t.match(parsed, { meta: { type: 'atom', version: '1.0' }, self: 'https://example.org/feeds/catalog.atom', url: 'https://example.org/' }, name)
    t.equal(parsed.updated?.toISOString(), atomDate(input.updated), `${name}: updated`)
    t.same(parsed.items.map((i) => i.id), input.entries.map((e) => e.id), `${name}: entry ids in order`)
    t.same(parsed.items.map((i) => i.updated?.toISOString()), input.entries.map((e) => atomDate(e.updated)), `${name}: entry dates`)
  }
})

t.test('what a reader sees: text as written (less what XML cannot hold), links, authors, categories', async (t) => {
  const xml = atomDocument(feed([entry(1, {
    title: HOSTILE,
    content: `${HOSTILE}\nsecond line`,
    authors: [{ name: '北京市生态环境局' }],
    categories: [{ term: '生态环境', label: 'Ecology' }],
    links: [
      { rel: 'alternate', type: 'text/html', href: 'https://example.org/datasets/air?a=1&b=2' },
      { rel: 'related', type: 'application/json', href: 'https://example.org/api/v1/datasets/air', title: 'Metadata' },
    ],
  })], { title: HOSTILE }))
  t.notMatch(xml, /<b>/, 'no markup of the text reaches the document')
  const parsed = parseFeed(xml)
  t.equal(parsed.title, HOSTILE_READ)
  const [item] = parsed.items
  t.equal(item?.title, HOSTILE_READ)
  t.equal(item?.content, `${HOSTILE_READ}\nsecond line`, 'line breaks kept in text content')
  t.equal(item?.url, 'https://example.org/datasets/air?a=1&b=2', 'an ampersand in a URL survives')
  t.same(item?.authors.map((a) => a.name), ['北京市生态环境局'])
  t.same(item?.categories.map((c) => [c.term, c.label]), [['生态环境', 'Ecology']])
  t.match(xml, /<content type="text">/, 'text constructs say they are text')
  t.same(parseFeed(atomDocument(feed([entry(1)]))).items[0]?.authors.map((a) => a.name), ['Gongkai'], 'an entry without authors has the feed\'s')
})

t.test('the structural checker finds what a lenient parser accepts', async (t) => {
  const good = atomDocument(feed([entry(1)]))
  const cases: Array<[string, string, RegExp]> = [
    ['no self link', good.replace(/<link rel="self"[^>]*\/>/, ''), /0 self links/],
    ['two entry ids', good.replace('<id>tag:example.org,2026:entry/1</id>', '<id>tag:example.org,2026:entry/1</id><id>tag:x,2026:y</id>'), /entry 0: 2 atom:id/],
    ['a relative id', good.replace('tag:example.org,2026:entry/1', 'entry-1'), /not an absolute IRI/],
    ['a date without time zone', good.replace('2026-03-01T08:00:00.000Z</updated>', '2026-03-01 08:00</updated>'), /not an RFC 3339 date-time/],
    ['no feed updated', good.replace(/<updated>[^<]*<\/updated>\n {2}<link/, '<link'), /feed: 0 atom:updated/],
    ['an entry without content or alternate link', good.replace(/<link rel="alternate" type="text\/html" href="https:\/\/example.org\/datasets\/d1"\/>/, ''), /neither atom:content nor an alternate link/],
    ['a control character', good.replace('条目 1', '条目\u0001'), /U\+1/],
    ['broken XML', good.replace('</feed>', ''), /not well-formed/],
  ]
  for (const [name, xml, problem] of cases) t.match(atomProblems(xml).join('; '), problem, name)
})
