/**
 * Feed links in the portal: <link rel="alternate" type="application/atom+xml"> in the head of the home
 * page, the search filtered by a theme or provider, and dataset pages, and a visible subscribe control
 * with the same feeds, in both languages; every feed offered is one the server answers.
 */
import t from 'tap'
import { byId, element, opening, text } from '../helpers/html.ts'
import { ATTACKS, makePortal } from '../helpers/portal.ts'

const { app } = await makePortal(t)

const enc = encodeURIComponent
const HINT_ZH = '这是 Atom 订阅源：把链接地址添加到 RSS/Atom 阅读器，发布新版本、字段变更或数据集关闭时即可收到通知。'

interface Offered { head: Array<[string, string]>; control: Array<[string, string]>; hint: string | undefined }

/** The feeds a page offers: in its head (title, href) and in its subscribe control (text, href). */
async function offered(url: string): Promise<Offered> {
  const res = await app.inject({ url, headers: { accept: 'text/html' } })
  t.equal(res.statusCode, 200, url)
  const head = res.body.slice(0, res.body.indexOf('</head>'))
  const control = byId(res.body, 'subscribe') ?? ''
  const links = opening(control, 'a')
  for (const a of links) t.match(a.attrs, { type: 'application/atom+xml', 'aria-describedby': 'subscribe-hint' }, `${url}: the control says what it links to`)
  return {
    head: opening(head, 'link').filter((l) => l.attrs.rel === 'alternate').map((l) => {
      t.equal(l.attrs.type, 'application/atom+xml', url)
      return [l.attrs.title ?? '', l.attrs.href ?? '']
    }),
    control: links.map((a) => [text(element(control, (tag) => tag.start === a.start) ?? ''), a.attrs.href ?? '']),
    hint: control ? text(byId(control, 'subscribe-hint') ?? '') : undefined,
  }
}

t.test('each page offers the feeds of what it shows, in its head and as a visible control', async (t) => {
  const ecology = `/feeds/themes/${enc('生态环境')}.atom`
  const cases: Array<[string, Array<[string, string]>]> = [
    ['/', [['订阅全部数据集的更新', '/feeds/catalog.atom']]],
    ['/?lang=en', [['Subscribe to updates of all datasets', '/feeds/catalog.atom']]],
    [`/datasets?theme=${enc('生态环境')}`, [['订阅“生态环境”主题的更新', ecology]]],
    [`/datasets?theme=${enc('生态环境')}&lang=en`, [['Subscribe to updates in Ecology and environment', ecology]]],
    [`/datasets?provider=${enc('测试局')}`, [['订阅“测试局”的数据集更新', `/feeds/providers/${enc('测试局')}.atom`]]],
    [`/datasets?theme=${enc('信用服务')}&provider=${enc('测试局')}&grade=1`, [
      ['订阅“信用服务”主题的更新', `/feeds/themes/${enc('信用服务')}.atom`],
      ['订阅“测试局”的数据集更新', `/feeds/providers/${enc('测试局')}.atom`],
    ]],
    // a theme of the taxonomy without datasets has its (empty) feed
    [`/datasets?theme=${enc('交通运输')}`, [['订阅“交通运输”主题的更新', `/feeds/themes/${enc('交通运输')}.atom`]]],
    ['/datasets/stations', [['订阅“空气质量监测站点日报”的更新', '/feeds/datasets/stations.atom']]],
    ['/datasets/stations?lang=en', [['Subscribe to updates of Air quality stations', '/feeds/datasets/stations.atom']]],
    ['/datasets/g4', [['订阅“测试数据集 g4”的更新', '/feeds/datasets/g4.atom']]],
    // nothing to follow: no filter, or a value with no feed
    ['/datasets', []],
    ['/datasets?q=空气', []],
    [`/datasets?theme=${enc('无此主题')}`, []],
    [`/datasets?provider=${enc('无此单位')}`, []],
  ]
  for (const [url, feeds] of cases) {
    const page = await offered(url)
    t.same(page.head, feeds, `${url}: head`)
    t.same(page.control, feeds, `${url}: control`)
    if (feeds.length > 0) t.ok(page.hint, `${url}: says what a feed is`)
    else t.equal(page.hint, undefined, `${url}: no control`)
    for (const [, href] of feeds) {
      const feed = await app.inject(href)
      t.same([feed.statusCode, feed.headers['content-type']], [200, 'application/atom+xml; charset=utf-8'], `${url}: ${href} answers`)
    }
  }
  t.equal((await offered('/')).hint, HINT_ZH)
  t.match((await offered('/?lang=en')).hint, /^This is an Atom feed: add the link to a feed reader/)
})

t.test('a hostile title is text in the feed link, never markup', async (t) => {
  const page = await offered('/datasets/hostile')
  const [script] = ATTACKS
  t.same(page.head, [[`订阅“恶意标题 ${script}”的更新`, '/feeds/datasets/hostile.atom']], 'the title attribute holds the title as text')
  t.same(page.control, page.head)
})
