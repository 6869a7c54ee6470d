/**
 * The Atom feeds end to end, on both stores: real catalogs ingested by the CLI, the real app, every feed
 * read by an independent parser and checked against RFC 4287; entries for new datasets, versions and
 * closed or removed ones; filtered feeds; conditional requests; the links from metadata.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseFeed } from '@rowanmanning/feed-parser'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { loadCatalog } from '../../src/catalog/load.ts'
import { loadConfig } from '../../src/config/env.ts'
import { buildApp } from '../../src/server/app.ts'
import { EMPTY_FEED_UPDATED } from '../../src/server/feeds/catalog-feed.ts'
import { openStore } from '../../src/store/open.ts'
import { METADATA_FILE } from '../../src/store/sqlite/migrations.ts'
import { gradedCatalog, gradedCsv } from '../helpers/access-platform.ts'
import { atomProblems } from '../helpers/atom.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'
import { freshDatabase, STORE_KINDS, type StoreKind } from '../helpers/postgres.ts'
import { UNLIMITED_TIERS } from '../helpers/server.ts'

const HOST = 'data.example.gov.cn'
const ORIGIN = `http://${HOST}`
const STATIONS = '空气质量监测站点日报'
const enc = encodeURIComponent

async function ingest(t: Test, fx: Fixture): Promise<void> {
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
}

/** The fixture's catalog ingested into the kind of store, served with the portal (so that entries link to its pages). */
async function platform(t: Test, kind: StoreKind, write: (fx: Fixture) => void) {
  const fx = makeFixture(t)
  if (kind === 'postgres') fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
  write(fx)
  await ingest(t, fx)
  const config = loadConfig(fx.env)
  const store = openStore(config)
  const { themes } = await loadCatalog(config.catalogDir)
  const app = await buildApp({ store, tiers: UNLIMITED_TIERS, portal: { themes } })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers: { host: HOST, ...headers } })
  /** A feed that must be there: 200, Atom, RFC 4287, parsed. */
  const read = async (t: Test, url: string) => {
    const res = await get(url)
    t.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`)
    t.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8', url)
    t.same(atomProblems(res.body), [], `${url}: RFC 4287`)
    return { res, feed: parseFeed(res.body) }
  }
  return { fx, app, store, get, read }
}

const titles = (feed: ReturnType<typeof parseFeed>): string[] => feed.items.map((i) => i.title ?? '')
const eventIds = (feed: ReturnType<typeof parseFeed>): number[] => feed.items.map((i) => Number(i.id?.split('/events/')[1]))

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    const { fx, app, store, get, read } = await platform(t, kind, (fx) => {
      fx.writeCatalog('stations', stationsCatalog())
      fx.writeSource('stations.csv', stationsCsv(20))
      fx.writeCatalog('penalties', gradedCatalog('penalties', 1, 'unconditional'))
      fx.writeSource('penalties.csv', gradedCsv(10))
      fx.writeCatalog('secret', gradedCatalog('secret', 4, 'closed'))
    })

    t.test('new datasets and their first versions are entries of the catalog feed, newest first', async (t) => {
      const { feed } = await read(t, '/feeds/catalog.atom')
      t.match(feed, { title: 'Gongkai: all datasets', self: `${ORIGIN}/feeds/catalog.atom`, url: `${ORIGIN}/` })
      t.same(titles(feed).sort(), [
        `${STATIONS}: new dataset`, `${STATIONS}: version 1 published`,
        '测试数据集 penalties: new dataset', '测试数据集 penalties: version 1 published', '测试数据集 secret: new dataset',
      ].sort())
      const ids = eventIds(feed)
      t.ok(ids.every((id, i) => i === 0 || id < (ids[i - 1] as number)), `newest first: ${ids.join(', ')}`)
      t.equal(feed.updated?.toISOString(), feed.items[0]?.updated?.toISOString(), 'updated is the newest entry\'s')
      const published = feed.items.find((i) => i.title === `${STATIONS}: version 1 published`)
      t.match(published, {
        url: `${ORIGIN}/datasets/stations`,
        content: `Version 1 of ${STATIONS} (stations) was published with 20 rows.\nIt is the first version.`,
        authors: [{ name: '北京市生态环境局' }],
        categories: [{ term: '生态环境' }],
      })
      t.match(feed.items.find((i) => i.title === '测试数据集 secret: new dataset')?.content, /grade 4 \(very serious harm\), not opened \(catalog entry only\)/, 'closed datasets are public metadata')
    })

    t.test('a filtered feed holds only its theme, provider or dataset; unknown ones are 404', async (t) => {
      const catalog = (await read(t, '/feeds/catalog.atom')).feed
      const idsOf = (title: string) => catalog.items.filter((i) => i.title?.startsWith(title)).map((i) => i.id)
      const cases: Array<[string, string, Array<string | null>]> = [
        [`/feeds/themes/${enc('生态环境')}.atom`, 'Gongkai: theme 生态环境 (Ecology and environment)', idsOf(STATIONS)],
        [`/feeds/themes/${enc('信用服务')}.atom`, 'Gongkai: theme 信用服务 (Credit services)', idsOf('测试数据集')],
        [`/feeds/themes/${enc('交通运输')}.atom`, 'Gongkai: theme 交通运输 (Transport)', []],
        [`/feeds/providers/${enc('测试局')}.atom`, 'Gongkai: datasets of 测试局', idsOf('测试数据集')],
        [`/feeds/providers/${enc('北京市生态环境局')}.atom`, 'Gongkai: datasets of 北京市生态环境局', idsOf(STATIONS)],
        ['/feeds/datasets/stations.atom', `Gongkai: ${STATIONS} (stations)`, idsOf(STATIONS)],
        ['/feeds/datasets/secret.atom', 'Gongkai: 测试数据集 secret (secret)', idsOf('测试数据集 secret')],
      ]
      for (const [url, title, ids] of cases) {
        const { feed } = await read(t, url)
        t.equal(feed.title, title, url)
        t.equal(feed.self, `${ORIGIN}${url}`, `${url}: self`)
        t.same(feed.items.map((i) => i.id), ids, `${url}: the catalog's entries of it, with the same ids`)
        t.ok(ids.length > 0 || feed.updated?.toISOString() === EMPTY_FEED_UPDATED, `${url}: an empty feed has the fixed updated`)
      }
      t.match((await read(t, '/feeds/datasets/stations.atom')).feed.url, `${ORIGIN}/datasets/stations`, 'a dataset feed belongs to its page')
      t.match((await read(t, `/feeds/themes/${enc('生态环境')}.atom`)).feed.url, `${ORIGIN}/datasets?theme=${enc('生态环境')}`)
      const missing: Array<[string, number, RegExp]> = [
        [`/feeds/themes/${enc('无此主题')}.atom`, 404, /no theme 无此主题/],
        [`/feeds/providers/${enc('无此单位')}.atom`, 404, /no provider 无此单位/],
        ['/feeds/datasets/nothing.atom', 404, /no dataset nothing/],
        ['/feeds/datasets/Not_An_Id.atom', 400, /id/],
        ['/feeds/catalog.atom?utm_source=x', 400, /utm_source/],
      ]
      for (const [url, status, detail] of missing) {
        const res = await get(url)
        t.equal(res.statusCode, status, url)
        t.match(res.headers['content-type'], /^application\/problem\+json/, url)
        t.match(res.json(), { status, detail }, url)
      }
    })

    t.test('the API without the portal: no pages to link to, and the themes are those with events', async (t) => {
      const api = await buildApp({ store, tiers: UNLIMITED_TIERS })
      t.teardown(() => api.close())
      const ecology = await api.inject({ url: `/feeds/themes/${enc('生态环境')}.atom`, headers: { host: HOST } })
      t.same(atomProblems(ecology.body), [])
      const feed = parseFeed(ecology.body)
      t.match(feed, { title: 'Gongkai: theme 生态环境', url: null }, 'named as the events name it, no alternate page')
      t.ok(feed.items.length > 0 && feed.items.every((i) => i.url === null), 'entries link to the API only')
      t.equal((await api.inject(`/feeds/themes/${enc('交通运输')}.atom`)).statusCode, 404, 'a theme without events is unknown here')
    })

    t.test('strong ETag and Last-Modified; a match is 304, a new host or a stale tag is not', async (t) => {
      const url = '/feeds/catalog.atom'
      const { res } = await read(t, url)
      const etag = res.headers.etag as string
      const lastModified = res.headers['last-modified'] as string
      t.match(etag, /^"\d+-[\w-]+"$/, 'strong')
      t.equal(lastModified, new Date(parseFeed(res.body).updated as Date).toUTCString())
      t.equal(res.headers['cache-control'], 'public, no-cache', 'any cache may keep it, revalidating')
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString()
      const cases: Array<[string, Record<string, string>, number]> = [
        ['If-None-Match', { 'if-none-match': etag }, 304],
        ['a weak If-None-Match (weak comparison)', { 'if-none-match': `W/${etag}` }, 304],
        ['one of several tags', { 'if-none-match': `"0-other", ${etag}` }, 304],
        ['If-Modified-Since', { 'if-modified-since': lastModified }, 304],
        ['If-None-Match wins over If-Modified-Since', { 'if-none-match': '"0-other"', 'if-modified-since': lastModified }, 200],
        ['modified since an earlier time', { 'if-modified-since': earlier }, 200],
        ['another feed\'s tag', { 'if-none-match': (await get('/feeds/datasets/stations.atom')).headers.etag as string }, 200],
        ['If-Match with another tag', { 'if-match': '"0-other"' }, 412],
      ]
      for (const [name, headers, status] of cases) {
        const answer = await get(url, headers)
        t.equal(answer.statusCode, status, name)
        if (status === 304) t.same([answer.body, answer.headers.etag, answer.headers['last-modified']], ['', etag, lastModified], `${name}: no body, the same validators`)
      }
      const head = await app.inject({ method: 'HEAD', url, headers: { host: HOST } })
      t.same([head.statusCode, head.body, head.headers.etag], [200, '', etag], 'HEAD')
      const elsewhere = await get(url, { host: 'other.example:8080' })
      t.not(elsewhere.headers.etag, etag, 'another host is another document (absolute URLs, ids)')
      t.equal(parseFeed(elsewhere.body).self, 'http://other.example:8080/feeds/catalog.atom')
    })

    t.test('metadata links to the feeds', async (t) => {
      t.equal((await get('/api/v1/datasets/stations')).json().links.feed, '/feeds/datasets/stations.atom')
      t.equal((await get('/api/v1/datasets')).json().links.feed, '/feeds/catalog.atom')
    })

    t.test('a new version is an entry; the old ETag no longer matches', async (t) => {
      const before = await get('/feeds/datasets/stations.atom')
      fx.writeSource('stations.csv', stationsCsv(25))
      await ingest(t, fx)
      const res = await get('/feeds/datasets/stations.atom', { 'if-none-match': before.headers.etag as string })
      t.equal(res.statusCode, 200, 'changed')
      t.not(res.headers.etag, before.headers.etag)
      const [newest] = parseFeed(res.body).items
      t.equal(newest?.title, `${STATIONS}: version 2 published`)
      t.match(newest?.content, /^Version 2 of 空气质量监测站点日报 \(stations\) was published with 25 rows\./)
      const catalog = (await read(t, '/feeds/catalog.atom')).feed
      t.equal(catalog.items[0]?.id, newest?.id, 'the same entry, with the same id, heads the catalog feed')
      t.same(titles((await read(t, `/feeds/providers/${enc('测试局')}.atom`)).feed).filter((title) => title.startsWith(STATIONS)), [], 'not in another provider\'s feed')
    })

    t.test('closing a dataset and removing another are entries; the removed one keeps its feed', async (t) => {
      fx.writeCatalog('penalties', gradedCatalog('penalties', 4, 'closed'))
      fs.rmSync(path.join(fx.root, 'catalog', 'secret.yaml'))
      await ingest(t, fx)
      const { feed } = await read(t, '/feeds/catalog.atom')
      t.same(titles(feed).slice(0, 2).sort(), ['测试数据集 penalties: closed', '测试数据集 secret: removed from the catalog'])
      const closed = feed.items.find((i) => i.title === '测试数据集 penalties: closed')
      t.match(closed, { content: /^测试数据集 penalties \(penalties\) is closed: its catalog entry stays public, its data is no longer served\.$/, url: `${ORIGIN}/datasets/penalties` })
      const secret = (await read(t, '/feeds/datasets/secret.atom')).feed
      t.equal(secret.title, 'Gongkai: 测试数据集 secret (secret)', 'named from its last event')
      t.match(secret.items[0], { title: '测试数据集 secret: removed from the catalog', content: /was removed from the catalog/, url: null })
      for (const url of ['/feeds/catalog.atom', '/feeds/datasets/stations.atom', '/feeds/datasets/penalties.atom']) {
        t.notMatch((await get(url)).body, /备注\d|区\d/, `${url}: no row value`)
      }
    })
  })
}

t.test('datasets and providers older than the event log, and the theme taxonomy, have feeds before their first event', async (t) => {
  const { fx, read } = await platform(t, 'sqlite', (fx) => {
    fx.writeCatalog('stations', stationsCatalog())
    fx.writeSource('stations.csv', stationsCsv(5))
  })
  // as a store migrated from before the event log holds them: the catalog, no events
  const db = new Database(path.join(fx.config.dataDir, METADATA_FILE))
  db.prepare('DELETE FROM catalog_events').run()
  db.close()
  for (const url of ['/feeds/catalog.atom', '/feeds/datasets/stations.atom', `/feeds/providers/${enc('北京市生态环境局')}.atom`, `/feeds/themes/${enc('生态环境')}.atom`]) {
    const { res, feed } = await read(t, url)
    t.same([feed.items.length, feed.updated?.toISOString(), res.headers['last-modified']], [0, EMPTY_FEED_UPDATED, new Date(EMPTY_FEED_UPDATED).toUTCString()], url)
  }
})
