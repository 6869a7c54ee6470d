/**
 * The search results page, /datasets, through app.inject(): the DOM contract, facet links that give
 * the filtered results, paging, sort, marked terms, the empty state, English, escaping, 400 pages.
 */
import t from 'tap'
import type { Fixture } from '../helpers/fixture.ts'
import { byId, element, opening, tags, text } from '../helpers/html.ts'
import { ATTACKS, makePortal } from '../helpers/portal.ts'

/** The ids of the listed datasets, in order. */
function resultIds(html: string): string[] {
  const list = byId(html, 'results')
  if (!list) return []
  return opening(list, 'a').filter((a) => a.attrs.class === 'dataset-link').map((a) => a.attrs.href!.replace(/^\/datasets\//, '').replace(/\?.*$/, ''))
}

/** The facet links of a group: label text, count, href, selected. */
function facetLinks(html: string, group: string) {
  const section = element(byId(html, 'facets') ?? '', (tag) => tag.attrs['data-facet'] === group) ?? ''
  const links: Array<{ value: string; href: string; selected: boolean; count: number; label: string }> = []
  for (const a of opening(section, 'a')) {
    const outer = element(section.slice(a.start), (tag) => tag.name === 'a')!
    const count = element(outer, (tag) => tag.attrs.class === 'count')!
    links.push({
      value: a.attrs['data-value']!,
      href: a.attrs.href!,
      selected: a.attrs['aria-current'] === 'true',
      count: Number(text(element(count, (tag) => tag.attrs['aria-hidden'] === 'true')!).replace(/,/g, '')),
      label: text(element(outer, (tag) => tag.attrs.class === 'facet-value')!),
    })
  }
  return links
}

// ---------- the platform: the portal fixture and 16 more datasets (23: two pages), with update frequencies ----------

function closedEntry(id: string, title: string, extra: string): string {
  return `id: ${id}
title: ${title}
${extra}
grade: 4
open: closed
fields:
  - { name: code, type: string, title: 编号 }
`
}

function setup(fx: Fixture): void {
  for (let n = 1; n <= 14; n++) {
    const id = `road-${String(n).padStart(2, '0')}`
    fx.writeCatalog(id, closedEntry(id, `道路交通流量 ${n}`, `title_en: Road traffic ${n}
description: 第 ${n} 段道路的车流量
provider: { name: 北京市交通委员会 }
theme: 交通运输
update_frequency: ${n % 2 ? 'monthly' : 'yearly'}`))
  }
  // relevance: a title that holds the words comes before a newer dataset holding them in its description
  fx.writeCatalog('x-title', closedEntry('x-title', '水文监测点名录', `description: 全市站点
provider: { name: 北京市水务局 }
theme: 生态环境
update_frequency: daily`))
  fx.writeCatalog('x-desc', `id: x-desc
title: 河流水质
description: 包含水文监测点的水质数据
provider: { name: 北京市水务局 }
theme: 生态环境
update_frequency: weekly
grade: 1
open: unconditional
source: { path: x-desc.csv }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号 }
`)
  fx.writeSource('x-desc.csv', 'id\n1\n2\n')
}

const TOTAL = 23
const { app } = await makePortal(t, { setup })

async function page(url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ url, headers: { accept: 'text/html', ...headers } })
  return { status: res.statusCode, type: String(res.headers['content-type']), html: res.body }
}

const enc = encodeURIComponent

// ---------- tests ----------

t.test('the results page has the DOM contract: search form, facets, count, results, sort, pager', async (t) => {
  const { status, type, html } = await page('/datasets')
  t.equal(status, 200)
  t.match(type, /text\/html/)
  t.equal(opening(html, 'h1').length, 1, 'one h1')
  const form = opening(html, 'form').find((f) => f.attrs.id === 'search-form')
  t.match(form?.attrs, { role: 'search', action: '/datasets', method: 'get' })
  const q = opening(html, 'input').find((i) => i.attrs.id === 'q')
  t.equal(q?.attrs.name, 'q')
  t.ok(opening(html, 'label').some((l) => l.attrs.for === 'q'), 'the search box has a label')
  t.same(opening(byId(html, 'facets')!, 'section').map((s) => s.attrs['data-facet']), ['theme', 'grade', 'open', 'provider', 'update_frequency'])
  t.same(opening(byId(html, 'facets')!, 'h3').length, 5, 'every facet group has a heading')
  t.equal(text(byId(html, 'result-count')!), `共 ${TOTAL} 个数据集，当前显示第 1–20 个`)
  const ids = resultIds(html)
  t.equal(ids.length, 20, 'a page of 20')
  t.equal(new Set(ids).size, 20)
  const list = byId(html, 'results')!
  t.equal(opening(list, 'li').filter((li) => li.attrs.class?.includes('card')).length, 20, 'ol#results > li cards')
  t.ok(opening(list, 'a').filter((a) => a.attrs.class === 'dataset-link').every((a) => /^\/datasets\/[a-z0-9-]+$/.test(a.attrs.href!)))
  // headings in order: h1, then h2 sections, card titles h3
  const levels = tags(html).filter((tag) => !tag.closing && /^h[1-6]$/.test(tag.name)).map((tag) => Number(tag.name[1]))
  t.ok(levels.every((level, i) => i === 0 || level <= levels[i - 1]! + 1), `no heading level skipped: ${levels.join(',')}`)
  const sortForm = byId(html, 'sort-form')!
  t.match(opening(sortForm, 'form')[0]?.attrs, { action: '/datasets', method: 'get' })
  t.same(opening(sortForm, 'option').map((o) => o.attrs.value), ['relevance', 'updated', 'title', 'rows'])
  t.ok(opening(sortForm, 'select').some((s) => s.attrs.id === 'sort'))
  t.ok(opening(sortForm, 'label').some((l) => l.attrs.for === 'sort'))
  t.ok(opening(sortForm, 'button').some((b) => b.attrs.type === 'submit'), 'a submit button for browsers without JavaScript')
  const pager = element(html, (tag) => tag.name === 'nav' && tag.attrs.class === 'pager')!
  t.match(text(pager), /第 1 页，共 2 页/)
  t.notOk(opening(pager, 'a').some((a) => a.attrs.rel === 'prev'), 'no previous page on the first')
  t.equal(opening(pager, 'a').find((a) => a.attrs.rel === 'next')?.attrs.href, '/datasets?page=2')
})

t.test('results are cards with title, provider, theme, grade, open attribute, rows and date', async (t) => {
  const { html } = await page(`/datasets?q=${enc('空气质量监测')}`)
  t.same(resultIds(html), ['stations'])
  const card = text(byId(html, 'results')!)
  for (const part of ['空气质量监测站点日报', '北京市生态环境局', '生态环境', '一级', '无条件开放', '120 行', '各监测站点的每日空气质量指数']) t.match(card, part)
  t.match(card, /最近更新\d{4}-\d{2}-\d{2}/)
  t.match(byId(html, 'results')!, /class="badge badge-grade-1"/)
  t.match(byId(html, 'results')!, /class="badge badge-open-unconditional"/)
  const closed = text(byId((await page(`/datasets?q=${enc('道路交通流量 1')}&sort=title`)).html, 'results')!)
  t.match(closed, '四级')
  t.match(closed, '不予开放')
  t.match(closed, '暂无数据', 'a closed dataset has no rows')
  t.match(closed, '更新频率每月', 'the frequency in words')
})

t.test('facet values are links to the filtered results, with their counts; choosing again removes the filter', async (t) => {
  const all = (await page('/datasets')).html
  const themes = facetLinks(all, 'theme')
  t.same(themes.map((f) => [f.label, f.count]), [['交通运输', 14], ['信用服务', 6], ['生态环境', 3]])
  const ecology = themes.find((f) => f.value === '生态环境')!
  t.equal(ecology.href, `/datasets?theme=${enc('生态环境')}`)
  const filtered = (await page(ecology.href)).html
  t.same(resultIds(filtered).sort(), ['stations', 'x-desc', 'x-title'])
  t.equal(text(byId(filtered, 'result-count')!), '共 3 个数据集')
  const chosen = facetLinks(filtered, 'theme')
  t.ok(chosen.find((f) => f.value === '生态环境')?.selected, 'the chosen value is marked aria-current')
  t.same(chosen.filter((f) => f.selected).length, 1)
  t.same(chosen.find((f) => f.value === '信用服务')?.count, 6, 'the other themes keep their counts, to switch to')
  t.same(facetLinks(filtered, 'provider').map((f) => [f.value, f.count]), [['北京市水务局', 2], ['北京市生态环境局', 1]], 'the other groups count within the filter')
  const removed = chosen.find((f) => f.selected)!.href
  t.equal(removed, '/datasets')
  t.equal(resultIds((await page(removed)).html).length, 20)

  // a second group narrows further; its links keep the first filter
  const grade1 = facetLinks(filtered, 'grade').find((f) => f.value === '1')!
  t.equal(grade1.count, 2)
  const both = (await page(grade1.href)).html
  t.same(resultIds(both).sort(), ['stations', 'x-desc'])
  t.same(facetLinks(both, 'theme').find((f) => f.selected)?.value, '生态环境')
  t.same(facetLinks(both, 'grade').find((f) => f.selected)?.value, '1')
  t.match(byId(both, 'search-form')!, /name="theme" value="生态环境"/, 'a new search keeps the filters')
  t.match(byId(both, 'search-form')!, /name="grade" value="1"/)
  const removeLinks = opening(both, 'a').filter((a) => a.attrs.class?.includes('remove-filter')).map((a) => a.attrs.href)
  t.same(removeLinks, ['/datasets?grade=1', `/datasets?theme=${enc('生态环境')}`], 'each chosen filter can be removed on its own')

  const grades = facetLinks(all, 'grade')
  t.same(grades.map((f) => [f.label, f.count]), [['一级', 4], ['二级', 2], ['三级', 1], ['四级', 16]])
  const closed = (await page(grades.find((f) => f.value === '4')!.href)).html
  t.equal(text(byId(closed, 'result-count')!), '共 16 个数据集')
  t.same(facetLinks(all, 'open').map((f) => [f.label, f.count]), [['无条件开放', 5], ['有条件开放', 2], ['不予开放', 16]])
})

t.test('update frequency is a facet in words and a filter', async (t) => {
  const all = (await page('/datasets')).html
  const frequencies = facetLinks(all, 'update_frequency')
  t.same(frequencies.map((f) => [f.value, f.label, f.count]), [['daily', '每日', 1], ['weekly', '每周', 1], ['monthly', '每月', 7], ['yearly', '每年', 7]])
  const monthly = (await page(frequencies.find((f) => f.value === 'monthly')!.href)).html
  t.same(resultIds(monthly).sort(), ['road-01', 'road-03', 'road-05', 'road-07', 'road-09', 'road-11', 'road-13'])
  t.equal((await page('/datasets?update_frequency=weekly')).html.includes('河流水质'), true)
})

t.test('a provider facet works for any provider name, quotes and markup included', async (t) => {
  const provider = facetLinks((await page('/datasets')).html, 'provider').find((f) => f.value.startsWith('提供单位'))!
  t.equal(provider.value, `提供单位 ${ATTACKS[3]}`)
  t.same(resultIds((await page(provider.href)).html), ['hostile'])
})

t.test('paging: rel=next and rel=prev links walk through every result once', async (t) => {
  const first = (await page('/datasets')).html
  const next = opening(first, 'a').find((a) => a.attrs.rel === 'next')!.attrs.href!
  const second = (await page(next)).html
  const ids2 = resultIds(second)
  t.equal(ids2.length, TOTAL - 20)
  t.equal(new Set([...resultIds(first), ...ids2]).size, TOTAL, 'every dataset once')
  t.equal(text(byId(second, 'result-count')!), `共 ${TOTAL} 个数据集，当前显示第 21–23 个`)
  const pager = element(second, (tag) => tag.name === 'nav' && tag.attrs.class === 'pager')!
  t.match(text(pager), '第 2 页，共 2 页')
  t.notOk(opening(pager, 'a').some((a) => a.attrs.rel === 'next'), 'no next page on the last')
  t.equal(opening(pager, 'a').find((a) => a.attrs.rel === 'prev')?.attrs.href, '/datasets')
  // filters and sort follow the pages
  const sorted = (await page(`/datasets?open=closed&sort=title`)).html
  t.equal(text(byId(sorted, 'result-count')!), '共 16 个数据集', 'one page only')
  t.notOk(element(sorted, (tag) => tag.name === 'nav' && tag.attrs.class === 'pager'), 'no pager for one page')
  const beyond = await page('/datasets?page=3')
  t.equal(beyond.status, 404)
  t.match(beyond.type, /text\/html/)
})

t.test('sort: the select keeps the search and filters as hidden fields; each sort orders the results', async (t) => {
  const { html } = await page(`/datasets?q=${enc('道路')}&theme=${enc('交通运输')}&sort=title`)
  const form = byId(html, 'sort-form')!
  const hidden = Object.fromEntries(opening(form, 'input').filter((i) => i.attrs.type === 'hidden').map((i) => [i.attrs.name, i.attrs.value]))
  t.same(hidden, { q: '道路', theme: '交通运输' })
  t.same(opening(form, 'option').filter((o) => 'selected' in o.attrs).map((o) => o.attrs.value), ['title'])
  const titles = opening(byId(html, 'results')!, 'a').map((a) => a.start).map((start) => text(element(byId(html, 'results')!.slice(start), (tag) => tag.name === 'a')!))
  t.equal(titles.length, 14)
  t.same(titles, [...titles].sort(), `by title: ${titles.join(', ')}`)
  const rows = resultIds((await page('/datasets?sort=rows')).html)
  t.same(rows.slice(0, 1), ['stations'], 'most rows first')
  const relevance = resultIds((await page(`/datasets?q=${enc('水文监测点')}`)).html)
  t.same(relevance, ['x-title', 'x-desc'], 'relevance: the title match first')
  const updated = resultIds((await page(`/datasets?q=${enc('水文监测点')}&sort=updated`)).html)
  t.same(updated, ['x-desc', 'x-title'], 'updated: the newer first')
  t.match(opening(html, 'a').find((a) => a.attrs.class?.includes('remove-filter'))?.attrs.href, /sort=title/, 'links keep the sort')
})

t.test('the words searched are marked in titles and descriptions, case-insensitively', async (t) => {
  const { html } = await page(`/datasets?q=${enc('空气 日报')}`)
  t.same(resultIds(html), ['stations'])
  const list = byId(html, 'results')!
  const link = element(list, (tag) => tag.attrs.class === 'dataset-link')!
  t.equal(link.replace(/<a[^>]*>|<\/a>/g, ''), '<mark>空气</mark>质量监测站点<mark>日报</mark>')
  t.match(list, '<p class="dataset-description">各监测站点的每日<mark>空气</mark>质量指数</p>')
  t.equal(opening(byId(html, 'search-form')!, 'input').find((i) => i.attrs.id === 'q')?.attrs.value, '空气 日报', 'the box keeps the words')
  t.equal(text(byId(html, 'result-count')!), '找到 1 个与“空气 日报”相关的数据集')
  const en = (await page('/datasets?q=AIR&lang=en')).html
  t.match(element(byId(en, 'results')!, (tag) => tag.attrs.class === 'dataset-link'), '<mark>Air</mark> quality stations')
  t.notOk((await page('/datasets')).html.includes('<mark>'), 'nothing marked without a search')
})

t.test('no results: what was searched, links that remove each filter, browse all, check spelling', async (t) => {
  const { status, html } = await page(`/datasets?q=${enc('不存在的词')}&grade=2&theme=${enc('信用服务')}`)
  t.equal(status, 200)
  t.notOk(byId(html, 'results'), 'no empty list')
  t.notOk(byId(html, 'sort-form'), 'nothing to sort')
  const empty = byId(html, 'no-results')!
  t.ok(empty)
  const words = text(empty)
  t.match(words, '没有找到符合条件的数据集')
  t.match(words, '关键词“不存在的词”')
  t.match(words, '分级：二级')
  t.match(words, '主题：信用服务')
  t.match(words, '检查错别字')
  const hrefs = opening(empty, 'a').map((a) => a.attrs.href)
  t.ok(hrefs.includes(`/datasets?q=${enc('不存在的词')}&theme=${enc('信用服务')}`), 'remove the grade')
  t.ok(hrefs.includes(`/datasets?q=${enc('不存在的词')}&grade=2`), 'remove the theme')
  t.ok(hrefs.includes(`/datasets?theme=${enc('信用服务')}&grade=2`), 'drop the words, keep the filters')
  t.ok(hrefs.includes('/datasets'), 'browse all')
  t.equal(text(byId(html, 'result-count')!), '找到 0 个与“不存在的词”相关的数据集')
  // an unknown theme is a filter with nothing in it, shown chosen so it can be removed
  const unknown = (await page(`/datasets?theme=${enc('没有的主题')}`)).html
  t.ok(byId(unknown, 'no-results'))
  t.match(facetLinks(unknown, 'theme').find((f) => f.selected), { value: '没有的主题', count: 0, href: '/datasets' })
})

t.test('English: facet labels, theme names, frequencies, counts, and links and forms keep lang=en', async (t) => {
  const { html } = await page('/datasets?lang=en')
  t.match(html, /^<!doctype html><html lang="en">/)
  t.equal(text(byId(html, 'result-count')!), `${TOTAL} datasets, showing 1–20`)
  t.same(facetLinks(html, 'theme').map((f) => f.label), ['Transport', 'Credit services', 'Ecology and environment'])
  t.same(facetLinks(html, 'grade').map((f) => f.label), ['Grade 1', 'Grade 2', 'Grade 3', 'Grade 4'])
  t.same(facetLinks(html, 'open').map((f) => f.label), ['Open', 'Conditionally open', 'Closed'])
  t.same(facetLinks(html, 'update_frequency').map((f) => f.label), ['Daily', 'Weekly', 'Monthly', 'Yearly'])
  t.ok(facetLinks(html, 'theme').every((f) => f.href.endsWith('lang=en')), 'facet links keep the language')
  t.ok(opening(byId(html, 'results')!, 'a').every((a) => a.attrs.href!.endsWith('?lang=en')), 'dataset links keep the language')
  t.match(byId(html, 'search-form')!, /<input type="hidden" name="lang" value="en"\/>/, 'the search form keeps the language')
  t.match(byId(html, 'sort-form')!, /<input type="hidden" name="lang" value="en"\/>/)
  t.match(text(byId(html, 'facets')!), /Filter.*Theme.*Grade.*Open attribute.*Provider.*Update frequency/s)
  t.match(text(byId(html, 'results')!), 'Air quality stations', 'title_en')
  t.match(text(byId(html, 'results')!), 'Road traffic 1')
  t.match(text(byId(html, 'results')!), 'Provider')
  t.notMatch(text(byId(html, 'results')!), /提供单位\s*北京/, 'no Chinese labels')
  const byHeader = (await page('/datasets', { 'accept-language': 'en-GB,en;q=0.9' })).html
  t.equal(text(byId(byHeader, 'result-count')!), `${TOTAL} datasets, showing 1–20`, 'Accept-Language alone')
  const empty = text(byId((await page(`/datasets?q=nothing-like-this&lang=en`)).html, 'no-results')!)
  t.match(empty, 'No dataset matches this search')
  t.match(empty, 'check the spelling')
})

t.test('the hostile dataset is text on the page, never markup', async (t) => {
  const provider = enc(`提供单位 ${ATTACKS[3]}`)
  for (const url of ['/datasets', `/datasets?q=${enc('恶意')}`, `/datasets?q=${enc('script')}`, `/datasets?provider=${provider}`, '/datasets?q=Hostile&lang=en', `/datasets?q=${enc(ATTACKS[1])}`]) {
    const { status, html } = await page(url)
    t.equal(status, 200, url)
    t.notOk(/<script>window|<img|<svg/i.test(html), `${url}: no tag from the data`)
    for (const tag of tags(html)) {
      const handlers = Object.keys(tag.attrs).filter((name) => name.startsWith('on'))
      if (handlers.length > 0) t.fail(`${url}: <${tag.name}> has ${handlers.join(', ')}`)
      if (tag.name === 'script' && !tag.closing) t.match(tag.attrs.src, /^\/assets\//, `${url}: only our scripts`)
    }
  }
  const { html } = await page(`/datasets?q=${enc('恶意')}`)
  t.same(resultIds(html), ['hostile'])
  t.match(text(byId(html, 'results')!), `恶意标题 ${ATTACKS[0].replace('恶意', '')}`, 'the title is shown as the text it is')
  t.match(byId(html, 'results')!, '&lt;script>window.__pwned=1&lt;/script>')
  const searched = (await page(`/datasets?q=${enc(ATTACKS[1])}`)).html
  t.equal(opening(byId(searched, 'search-form')!, 'input').find((i) => i.attrs.id === 'q')?.attrs.value, ATTACKS[1], 'the box holds the words as a value')
})

t.test('bad parameters are the 400 page; unknown ones are ignored', async (t) => {
  for (const query of ['page=abc', 'page=0', 'grade=9', 'grade=x', 'open=sometimes', 'sort=size', 'update_frequency=hourly', `q=${'字'.repeat(201)}`]) {
    const { status, type, html } = await page(`/datasets?${query}`)
    t.equal(status, 400, query)
    t.match(type, /text\/html/, query)
    t.match(html, 'HTTP 400', query)
  }
  const plain = await page(`/datasets?theme=${enc('信用服务')}`)
  const tracked = await page(`/datasets?theme=${enc('信用服务')}&utm_source=newsletter&fbclid=abc`)
  t.equal(tracked.status, 200)
  t.same(resultIds(tracked.html), resultIds(plain.html))
  t.equal(resultIds(tracked.html).length, 6)
  t.notMatch(byId(tracked.html, 'facets'), 'utm_source', 'facet links do not spread tracking parameters')
  const blank = await page('/datasets?q=&theme=&provider=')
  t.equal(blank.status, 200, 'an empty search box is no search')
  t.equal(resultIds(blank.html).length, 20)
})
