/** What feed entries say and link to, and the feeds' ids and validators, from hand-made events (src/server/feeds/). */
import { parseFeed } from '@rowanmanning/feed-parser'
import t from 'tap'
import { atomDocument } from '../../src/serialise/atom.ts'
import type { CatalogEvent, ChangeSummary } from '../../src/store/change-types.ts'
import { fieldChangesWords, rowChangeWords } from '../../src/server/feeds/change-words.ts'
import { catalogFeed, EMPTY_FEED_UPDATED, feedValidators } from '../../src/server/feeds/catalog-feed.ts'
import { eventEntry, type EntryContext } from '../../src/server/feeds/event-entry.ts'
import { feedPath, portalPath, type FeedScope } from '../../src/server/feeds/feed-scope.ts'
import { atomProblems } from '../helpers/atom.ts'

const CONTEXT: EntryContext = { origin: 'https://data.example.gov.cn', host: 'data.example.gov.cn', portal: true }

const TERMS = { at: '2026-03-05T08:00:00.000Z', datasetId: 'stations', title: '空气质量监测站点日报', theme: '生态环境', provider: '北京市生态环境局', grade: 1, open: 'unconditional' } as const

const SUMMARY: ChangeSummary = {
  from: 2, to: 3, matchedBy: 'primary_key', rows: { added: 2, removed: 1, changed: 1, unchanged: 1_116 }, rowCountDelta: 1,
  fields: [
    { field: 'aqi', change: 'retyped', before: { type: 'integer', rule: 'keep' }, after: { type: 'number', rule: 'keep' } },
    { field: 'note', change: 'added', after: { type: 'string', rule: 'keep' } },
  ],
}

const event = (id: number, data: Partial<CatalogEvent> & Pick<CatalogEvent, 'type'>): CatalogEvent => ({ ...TERMS, id, ...data } as CatalogEvent)

const META = 'https://data.example.gov.cn/api/v1/datasets/stations'
const PAGE = 'https://data.example.gov.cn/datasets/stations'

t.test('each kind of event: its title, its words and its links', async (t) => {
  const cases: Array<[string, CatalogEvent, string, RegExp[], string[]]> = [
    ['a new dataset', event(1, { type: 'dataset.created' }), '空气质量监测站点日报: new dataset',
      [/^New dataset 空气质量监测站点日报 \(stations\) from 北京市生态环境局, theme 生态环境: grade 1 \(no harm if disclosed\), open without conditions\.$/],
      [PAGE, META]],
    ['a conditional grade-3 dataset', event(1, { type: 'dataset.created', grade: 3, open: 'conditional' }), '空气质量监测站点日报: new dataset',
      [/grade 3 \(serious harm to persons or organisations\), open to approved applications\.$/], [PAGE, META]],
    ['a first version', event(2, { type: 'version.published', version: 1, rowCount: 1 }), '空气质量监测站点日报: version 1 published',
      [/^Version 1 of 空气质量监测站点日报 \(stations\) was published with 1 row\.\nIt is the first version\.$/], [PAGE, META]],
    ['a version with its change summary', event(3, { type: 'version.published', version: 3, rowCount: 1_120, changes: SUMMARY }), '空气质量监测站点日报: version 3 published',
      [/^Version 3 of 空气质量监测站点日报 \(stations\) was published with 1,120 rows\.$/m,
        /^Against version 2, rows matched by primary key: 2 added, 1 removed, 1 changed, 1,116 unchanged; row count \+1\.$/m,
        /^Fields: aqi retyped from integer to number; note added \(string\)\.$/m],
      [PAGE, META, `${META}/versions/3/changes`]],
    ['a version without a summary (published before change tracking)', event(4, { type: 'version.published', version: 2, rowCount: 30 }), '空气质量监测站点日报: version 2 published',
      [/^Version 2 of 空气质量监测站点日报 \(stations\) was published with 30 rows\.$/], [PAGE, META]],
    ['a version compared with an older one (the one between was withdrawn)', event(3, { type: 'version.published', version: 3, rowCount: 1_120, changes: { ...SUMMARY, from: 1 } }), '空气质量监测站点日报: version 3 published',
      [/^Against version 1, /m], [PAGE, META, `${META}/versions/3/changes?from=1`]],
    ['a schema change', event(5, { type: 'dataset.schema_changed', version: 3, from: 2, fields: SUMMARY.fields }), '空气质量监测站点日报: fields changed in version 3',
      [/^Version 3 of 空气质量监测站点日报 \(stations\) changes its fields against version 2: aqi retyped from integer to number; note added \(string\)\.$/],
      [PAGE, META, `${META}/versions/3/changes`]],
    ['a closed dataset', event(6, { type: 'dataset.closed', reason: 'closed', grade: 4, open: 'closed' }), '空气质量监测站点日报: closed',
      [/^空气质量监测站点日报 \(stations\) is closed: its catalog entry stays public, its data is no longer served\.$/], [PAGE, META]],
    ['a removed dataset: nothing left to link to', event(7, { type: 'dataset.closed', reason: 'removed' }), '空气质量监测站点日报: removed from the catalog',
      [/^空气质量监测站点日报 \(stations\) was removed from the catalog: nothing of it is served any more\.$/], []],
  ]
  for (const [name, input, title, words, links] of cases) {
    const entry = eventEntry(input, CONTEXT)
    t.equal(entry.title, title, name)
    for (const pattern of words) t.match(entry.content, pattern, `${name}: ${pattern}`)
    t.same(entry.links.map((l) => l.href), links, `${name}: links`)
    t.match(entry, { id: `tag:gongkai.dev,2026:data.example.gov.cn/events/${input.id}`, updated: TERMS.at, published: TERMS.at, authors: [{ name: '北京市生态环境局' }], categories: [{ term: '生态环境' }] }, name)
  }
  const links = eventEntry(event(3, { type: 'version.published', version: 3, rowCount: 1_120, changes: SUMMARY }), CONTEXT).links
  t.same(links.map((l) => [l.rel, l.type]), [['alternate', 'text/html'], ['related', 'application/json'], ['related', 'application/json']])
  t.same(eventEntry(event(1, { type: 'dataset.created' }), { ...CONTEXT, portal: false }).links.map((l) => l.href), [META], 'no portal, no page to link to')
})

t.test('row and field changes in plain words', async (t) => {
  const rows: Array<[ChangeSummary, string]> = [
    [SUMMARY, 'Against version 2, rows matched by primary key: 2 added, 1 removed, 1 changed, 1,116 unchanged; row count +1.'],
    [{ ...SUMMARY, rows: { added: 0, removed: 3, changed: 0, unchanged: 7 }, rowCountDelta: -3 }, 'Against version 2, rows matched by primary key: 0 added, 3 removed, 0 changed, 7 unchanged; row count -3.'],
    [{ ...SUMMARY, rows: { added: 0, removed: 0, changed: 0, unchanged: 10 }, rowCountDelta: 0 }, 'Against version 2, rows matched by primary key: 0 added, 0 removed, 0 changed, 10 unchanged; row count ±0.'],
    // without a primary key an edited row is a removed one and an added one
    [{ ...SUMMARY, matchedBy: 'content', rows: { added: 1, removed: 1, changed: 0, unchanged: 9 }, rowCountDelta: 0 }, 'Against version 2, rows matched by content (no primary key): 1 added, 1 removed, 9 unchanged; row count ±0.'],
  ]
  for (const [summary, words] of rows) t.equal(rowChangeWords(summary), words)
  const fields: Array<[ChangeSummary['fields'], string]> = [
    [[{ field: 'aqi', change: 'retyped', before: { type: 'integer', rule: 'keep' }, after: { type: 'number', rule: 'keep' } }], 'aqi retyped from integer to number'],
    [[{ field: 'note', change: 'added', after: { type: 'string', rule: 'keep' } }], 'note added (string)'],
    [[{ field: 'old', change: 'removed', before: { type: 'date', rule: 'keep' } }], 'old removed'],
    [[{ field: 'phone', change: 'rule_changed', before: { type: 'string', rule: 'keep' }, after: { type: 'string', rule: 'mask' } }], 'phone: desensitising rule changed from keep to mask'],
    [[{ field: 'phone', change: 'rule_changed', before: { type: 'string', rule: { mask: { keep_start: 3, keep_end: 4 } } }, after: { type: 'string', rule: { mask: { keep_start: 3, keep_end: 0 } } } }], 'phone: desensitising rule mask set differently'],
    [[{ field: 'born', change: 'rule_changed', before: { type: 'date', rule: 'keep' }, after: { type: 'date', rule: { generalize: 'year' } } }], 'born: desensitising rule changed from keep to generalize'],
    [SUMMARY.fields, 'aqi retyped from integer to number; note added (string)'],
  ]
  for (const [changes, words] of fields) t.equal(fieldChangesWords(changes), words)
})

t.test('feed paths, portal pages and ids of the four kinds of feed', async (t) => {
  const cases: Array<[FeedScope, string, string]> = [
    [{ kind: 'catalog' }, '/feeds/catalog.atom', '/'],
    [{ kind: 'theme', theme: '生态环境' }, '/feeds/themes/%E7%94%9F%E6%80%81%E7%8E%AF%E5%A2%83.atom', '/datasets?theme=%E7%94%9F%E6%80%81%E7%8E%AF%E5%A2%83'],
    [{ kind: 'provider', provider: 'A/B 局 & Co' }, '/feeds/providers/A%2FB%20%E5%B1%80%20%26%20Co.atom', '/datasets?provider=A%2FB+%E5%B1%80+%26+Co'],
    [{ kind: 'dataset', datasetId: 'stations' }, '/feeds/datasets/stations.atom', '/datasets/stations'],
  ]
  for (const [scope, path, page] of cases) {
    t.equal(feedPath(scope), path, scope.kind)
    t.equal(portalPath(scope), page, scope.kind)
    const feed = catalogFeed({ scope, label: 'x' }, [], CONTEXT)
    t.equal(feed.id, `tag:gongkai.dev,2026:data.example.gov.cn${path}`, `${scope.kind}: id`)
    t.same(feed.links, [
      { rel: 'self', type: 'application/atom+xml', href: `https://data.example.gov.cn${path}` },
      { rel: 'alternate', type: 'text/html', href: `https://data.example.gov.cn${page}` },
    ], `${scope.kind}: links`)
  }
  const port = catalogFeed({ scope: { kind: 'catalog' }, label: 'x' }, [event(9, { type: 'dataset.created' })], { origin: 'http://[::1]:3000', host: '[::1]:3000', portal: false })
  t.equal(port.id, 'tag:gongkai.dev,2026:%5B::1%5D:3000/feeds/catalog.atom', 'a host a tag cannot hold as it is is percent-encoded')
  t.equal(port.entries[0]?.id, 'tag:gongkai.dev,2026:%5B::1%5D:3000/events/9')
  t.same(port.links.map((l) => l.rel), ['self'], 'no portal, no alternate page')
  t.equal(catalogFeed({ scope: { kind: 'catalog' }, label: 'x' }, [], { ...CONTEXT, host: 'Data.Example.GOV.cn' }).id, 'tag:gongkai.dev,2026:data.example.gov.cn/feeds/catalog.atom', 'host names are case-insensitive')
})

t.test('titles; an empty feed is dated at the fixed time; a full one at its newest event', async (t) => {
  const titled: Array<[FeedScope, string, string, RegExp]> = [
    [{ kind: 'catalog' }, 'the whole catalog', 'Gongkai: all datasets', /in the whole catalog$/],
    [{ kind: 'theme', theme: '生态环境' }, '生态环境 (Ecology)', 'Gongkai: theme 生态环境 (Ecology)', /in theme 生态环境 \(Ecology\)$/],
    [{ kind: 'provider', provider: '北京市生态环境局' }, '北京市生态环境局', 'Gongkai: datasets of 北京市生态环境局', /of 北京市生态环境局$/],
    [{ kind: 'dataset', datasetId: 'stations' }, '空气质量 (stations)', 'Gongkai: 空气质量 (stations)', /^Published versions, schema changes and the closing of 空气质量 \(stations\)$/],
  ]
  for (const [scope, label, title, subtitle] of titled) {
    const feed = catalogFeed({ scope, label }, [], CONTEXT)
    t.equal(feed.title, title)
    t.match(feed.subtitle, subtitle)
  }
  const empty = catalogFeed({ scope: { kind: 'catalog' }, label: 'the whole catalog' }, [], CONTEXT)
  t.equal(empty.updated, EMPTY_FEED_UPDATED)
  t.same(atomProblems(atomDocument(empty)), [])
  const events = [event(7, { type: 'dataset.closed', reason: 'closed', at: '2026-03-07T00:00:00.000Z' }), event(3, { type: 'dataset.created' })]
  const full = catalogFeed({ scope: { kind: 'catalog' }, label: 'the whole catalog' }, events, CONTEXT)
  t.equal(full.updated, '2026-03-07T00:00:00.000Z')
  const xml = atomDocument(full)
  t.same(atomProblems(xml), [])
  t.same(parseFeed(xml).items.map((i) => i.title), ['空气质量监测站点日报: closed', '空气质量监测站点日报: new dataset'])
})

t.test('validators: strong, and changed by a newer event or another head, never by asking again', async (t) => {
  const subject = { scope: { kind: 'catalog' } as const, label: 'the whole catalog' }
  const events = [event(7, { type: 'dataset.created', at: '2026-03-07T10:20:30.456Z' })]
  const feed = catalogFeed(subject, events, CONTEXT)
  const validators = feedValidators(feed, events[0])
  t.match(validators.etag, /^"7-[A-Za-z0-9_-]{22}"$/, 'strong: quoted, no W/')
  t.equal(validators.lastModified.toISOString(), '2026-03-07T10:20:30.456Z')
  t.same(feedValidators(catalogFeed(subject, events, CONTEXT), events[0]), validators, 'the same feed, the same validators')
  const others: Array<[string, string]> = [
    ['a newer event', feedValidators(catalogFeed(subject, [event(8, { type: 'dataset.created' }), ...events], CONTEXT), event(8, { type: 'dataset.created' })).etag],
    ['another host', feedValidators(catalogFeed(subject, events, { ...CONTEXT, origin: 'https://other.example', host: 'other.example' }), events[0]).etag],
    ['another scheme', feedValidators(catalogFeed(subject, events, { ...CONTEXT, origin: 'http://data.example.gov.cn' }), events[0]).etag],
    ['another title', feedValidators(catalogFeed({ scope: { kind: 'dataset', datasetId: 'stations' }, label: 'renamed' }, events, CONTEXT), events[0]).etag],
    ['without the portal', feedValidators(catalogFeed(subject, events, { ...CONTEXT, portal: false }), events[0]).etag],
  ]
  for (const [name, etag] of others) t.not(etag, validators.etag, name)
  t.match(feedValidators(catalogFeed(subject, [], CONTEXT), undefined), { etag: /^"0-/, lastModified: new Date(EMPTY_FEED_UPDATED) }, 'an empty feed')
})
