/**
 * The home page through app.inject(): search box, theme navigation with counts, grades and open
 * attributes in words, recently updated datasets, API and harvest links, English, escaping, weight.
 */
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { GRADE_TEXT, OPEN_TEXT } from '../../src/portal/i18n/common.ts'
import { byId, element, opening, tags, text } from '../helpers/html.ts'
import { makePortal } from '../helpers/portal.ts'

const { app } = await makePortal(t)

async function page(url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ url, headers: { accept: 'text/html', ...headers } })
  return { status: res.statusCode, html: res.body, headers: res.headers }
}

const enc = encodeURIComponent
const GRADES = [1, 2, 3, 4] as const
const OPENS = ['unconditional', 'conditional', 'closed'] as const

t.test('home: one h1, the search box as a GET form to /datasets, the total', async (t) => {
  const { status, html } = await page('/')
  t.equal(status, 200)
  t.equal(opening(html, 'h1').length, 1)
  const form = byId(html, 'search-form')!
  t.match(opening(form, 'form')[0]?.attrs, { role: 'search', action: '/datasets', method: 'get' })
  t.match(opening(form, 'input').find((i) => i.attrs.id === 'q')?.attrs, { name: 'q', type: 'search' })
  t.ok(opening(form, 'label').some((l) => l.attrs.for === 'q'), 'labelled')
  t.ok(opening(form, 'button').some((b) => b.attrs.type === 'submit'))
  t.equal(opening(form, 'input').filter((i) => i.attrs.type === 'hidden').length, 0, 'nothing hidden without a chosen language')
  t.match(text(byId(html, 'dataset-total')!), '平台现有 7 个数据集')
  const levels = tags(html).filter((tag) => !tag.closing && /^h[1-6]$/.test(tag.name)).map((tag) => Number(tag.name[1]))
  t.ok(levels.every((level, i) => i === 0 || level <= levels[i - 1]! + 1), `headings in order: ${levels.join(',')}`)
  // what the form sends finds datasets by a Chinese substring
  const submitted = await page(`/datasets?q=${enc('质量')}`)
  t.match(byId(submitted.html, 'results'), 'href="/datasets/stations"')
})

t.test('theme navigation lists every theme with its count, linking to the filtered results', async (t) => {
  const { html } = await page('/')
  const nav = byId(html, 'themes')!
  t.ok(nav.startsWith('<nav'), 'a nav')
  t.match(text(nav), '主题分类')
  const links = opening(nav, 'a').map((a) => {
    const outer = element(nav.slice(a.start), (tag) => tag.name === 'a')!
    return {
      href: a.attrs.href!,
      name: text(element(outer, (tag) => tag.attrs.class === 'theme-name')!),
      count: Number(text(element(outer, (tag) => tag.attrs['aria-hidden'] === 'true')!)),
    }
  })
  t.same(links, [
    { href: `/datasets?theme=${enc('信用服务')}`, name: '信用服务', count: 6 },
    { href: `/datasets?theme=${enc('生态环境')}`, name: '生态环境', count: 1 },
    { href: `/datasets?theme=${enc('交通运输')}`, name: '交通运输', count: 0 },
  ], 'every theme of the taxonomy, an empty one too')
  for (const link of links) {
    const results = (await page(link.href)).html
    const list = byId(results, 'results')
    if (!list) t.ok(byId(results, 'no-results'), `${link.name}: the empty state`)
    const count = list ? opening(list, 'a').filter((a) => a.attrs.class === 'dataset-link').length : 0
    t.equal(count, link.count, `${link.name}: the count is what the link finds`)
  }
})

t.test('recently updated datasets: cards, newest first, with provider, theme, badges, rows and date', async (t) => {
  const { html } = await page('/')
  const recent = byId(html, 'recent')!
  const ids = opening(recent, 'a').filter((a) => a.attrs.class === 'dataset-link').map((a) => a.attrs.href!.replace('/datasets/', ''))
  const api = (await app.inject('/api/v1/datasets?sort=-updated_at&per_page=6')).json() as { items: Array<{ id: string }> }
  t.same(ids, api.items.map((i) => i.id), 'the six most recently updated, newest first')
  t.equal(ids.length, 6)
  t.equal(opening(recent, 'li').filter((li) => li.attrs.class?.includes('card')).length, 6)
  const stations = text(element(recent, (tag) => tag.name === 'li' && tag.attrs.class === 'card dataset-card')!)
  for (const part of ['空气质量监测站点日报', '北京市生态环境局', '生态环境', '一级', '无条件开放', '120 行']) t.match(stations, part)
  t.match(stations, /\d{4}-\d{2}-\d{2}/, 'the date')
  t.match(recent, /class="badge badge-grade-3"/)
  t.match(recent, /class="badge badge-open-conditional"/)
  t.ok(opening(recent, 'a').some((a) => a.attrs.href === '/datasets?sort=updated'), 'a way to all of them')
})

t.test('grades and open attributes in plain words', async (t) => {
  const words = text(byId((await page('/')).html, 'grades')!)
  for (const grade of GRADES) {
    t.match(words, GRADE_TEXT[grade].label.zh)
    t.match(words, GRADE_TEXT[grade].meaning.zh)
    t.match(words, GRADE_TEXT[grade].access.zh)
  }
  for (const open of OPENS) {
    t.match(words, OPEN_TEXT[open].label.zh)
    t.match(words, OPEN_TEXT[open].meaning.zh)
  }
  t.match(words, '二级：注册 API Key 后可访问')
})

t.test('links to the API documentation and the harvest documents, all of which answer', async (t) => {
  const { html } = await page('/')
  const developers = byId(html, 'developers')!
  const hrefs = opening(developers, 'a').map((a) => a.attrs.href)
  t.same(hrefs, ['/docs', '/openapi.json', '/api/v1/catalog.jsonld', '/data.json'])
  for (const href of ['/openapi.json', '/api/v1/catalog.jsonld', '/data.json']) {
    t.equal((await app.inject(href!)).statusCode, 200, href)
  }
  const docs = await app.inject('/docs')
  t.ok([200, 302].includes(docs.statusCode), `/docs answers (${docs.statusCode})`)
})

t.test('English: theme names, grades, texts, and the form keeps the language', async (t) => {
  const { html } = await page('/?lang=en')
  t.match(html, /^<!doctype html><html lang="en">/)
  const nav = byId(html, 'themes')!
  t.same(opening(nav, 'a').map((a) => text(element(nav.slice(a.start), (tag) => tag.attrs.class === 'theme-name')!)), ['Credit services', 'Ecology and environment', 'Transport'])
  t.ok(opening(nav, 'a').every((a) => a.attrs.href!.endsWith('&lang=en')), 'theme links keep the language')
  t.match(text(nav), 'Themes')
  const grades = text(byId(html, 'grades')!)
  for (const grade of GRADES) t.match(grades, GRADE_TEXT[grade].access.en)
  for (const open of OPENS) t.match(grades, OPEN_TEXT[open].meaning.en)
  t.notMatch(grades, /[\u4e00-\u9fff]/, 'no Chinese left in the explanation')
  t.match(text(byId(html, 'recent')!), 'Air quality stations', 'title_en on cards')
  t.match(text(byId(html, 'recent')!), '120 rows')
  t.match(text(byId(html, 'dataset-total')!), 'The platform holds 7 datasets.')
  t.match(byId(html, 'search-form')!, '<input type="hidden" name="lang" value="en"/>')
  const byHeader = (await page('/', { 'accept-language': 'en' })).html
  t.match(text(byId(byHeader, 'themes')!), 'Ecology and environment', 'Accept-Language alone')
  t.equal(opening(byId(byHeader, 'search-form')!, 'input').filter((i) => i.attrs.type === 'hidden').length, 0, 'a language from the header is not forced on the results')
})

t.test('the hostile dataset among the recent ones is text, never markup', async (t) => {
  const { html } = await page('/')
  t.match(byId(html, 'recent'), 'href="/datasets/hostile"', 'it is on the page')
  t.match(byId(html, 'recent'), '&lt;script>window.__pwned=1&lt;/script>')
  t.notOk(/<script>window|<img|<svg/i.test(html), 'no tag from the data')
  for (const tag of tags(html)) {
    const handlers = Object.keys(tag.attrs).filter((name) => name.startsWith('on'))
    if (handlers.length > 0) t.fail(`<${tag.name}> has ${handlers.join(', ')}`)
    if (tag.name === 'script' && !tag.closing) t.match(tag.attrs.src, /^\/assets\/portal-[\w-]+\.js$/, 'only portal.js')
  }
  const en = (await page('/?lang=en')).html
  t.notOk(/<script>window|<img|<svg/i.test(en), 'nor in English (title_en holds another attack)')
})

t.test('home is light: one script (portal.js), at most 60 KB compressed with its CSS and JS', async (t) => {
  const { html, headers } = await page('/?utm_source=x')
  t.equal(headers['cache-control'], 'public, max-age=60')
  const scripts = opening(html, 'script').map((s) => s.attrs.src!)
  t.equal(scripts.length, 1)
  t.match(scripts[0], /^\/assets\/portal-/)
  const styles = opening(html, 'link').filter((l) => l.attrs.rel === 'stylesheet').map((l) => l.attrs.href!)
  let bytes = gzipSync(html).length
  for (const url of [...scripts, ...styles]) {
    const asset = await app.inject(url)
    t.equal(asset.statusCode, 200, url)
    bytes += gzipSync(asset.rawPayload).length
    // a module's static imports load too
    for (const m of asset.body.matchAll(/from\s*"(\.\/[^"]+\.js)"/g)) {
      const chunk = await app.inject(new URL(m[1]!, `http://x${url}`).pathname)
      bytes += gzipSync(chunk.rawPayload).length
    }
  }
  t.ok(bytes <= 60 * 1024, `${bytes} bytes compressed`)
  t.notMatch(html, /echarts|chart-render/, 'no chart code')
})
