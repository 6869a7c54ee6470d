/**
 * A visitor's way through the portal in Chromium with JavaScript on: search → results → dataset →
 * preview paging → chart → download → saving a key → applying for a conditional dataset → the
 * account listing the application → forgetting the key. Then the hostile dataset runs nothing, and
 * the English switch gives English pages. No step may log a console error, throw or open a dialog.
 */
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { browserSuite, clean } from '../helpers/browser.ts'
import { ATTACKS } from '../helpers/portal.ts'

const KEY_ITEM = 'gongkai.apiKey'

browserSuite(t, 'the portal with JavaScript', async (t, portal) => {
  t.test('search → dataset → preview → chart → download → key → apply → account', async (t) => {
    const { page, context, problems } = await portal.open()
    // each step is a subtest on the same page: a broken step is reported, the later ones still run
    const step = (name: string, fn: (t: Test) => Promise<void>) => t.test(name, async (t) => {
      try {
        await fn(t)
      } finally {
        clean(t, problems, name)
      }
    })

    await step('search', async (t) => {
    await page.goto('/')
    await page.fill('form#search-form input#q', '站点')
    await Promise.all([page.waitForURL(/\/datasets\?/), page.locator('form#search-form [type=submit]').first().click()])
    t.match(new URL(page.url()).searchParams.get('q'), '站点', 'the search is a shareable URL')
    const result = page.locator('ol#results > li a.dataset-link[href^="/datasets/stations"]')
    t.equal(await result.count(), 1, 'stations is found by a Chinese substring of its title')
    t.ok(await page.locator('ol#results mark').count(), 'the matched term is highlighted')
    await Promise.all([page.waitForURL(/\/datasets\/stations/), result.click()])
    })

    await step('dataset page and preview paging', async (t) => {
    if (!new URL(page.url()).pathname.startsWith('/datasets/stations')) await page.goto('/datasets/stations')
    t.match(await page.locator('h1').textContent(), '空气质量监测站点日报', 'the dataset page')

    // preview: the next page shows other rows
    const firstCell = page.locator('table#preview-table tbody tr').first()
    const before = await firstCell.textContent()
    await page.locator('#preview nav.pager a[rel=next]').first().click()
    await page.waitForFunction((text) => document.querySelector('table#preview-table tbody tr')?.textContent !== text, before)
    t.not(await firstCell.textContent(), before, 'the next preview page has other rows')
    t.ok(await page.locator('#preview nav.pager a[rel=prev], #preview nav.pager a.first').count(), 'and a way back')
    })

    await step('chart', async (t) => {

    // chart: group by station, average AQI, a line
    await page.selectOption('select#chart-group', 'station')
    await page.selectOption('select#chart-measure', 'avg:aqi')
    await page.selectOption('select#chart-type', 'line')
    await page.locator('form#chart-form [type=submit]').first().click()
    await page.locator('#chart-canvas canvas').first().waitFor({ state: 'attached' })
    await page.waitForFunction(() => (document.querySelector('table#chart-table')?.textContent ?? '').includes('站点1') && document.querySelectorAll('table#chart-table tbody tr').length === 7)
    t.equal(await page.locator('table#chart-table tbody tr').count(), 7, 'the chart table has one row per station')
    t.ok(await page.locator('#chart-canvas canvas').first().isVisible(), 'ECharts drew on a canvas')
    })

    await step('download', async (t) => {

    // download the current version as CSV
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.download[data-format=csv]').first().click()])
    const csv = readFileSync(await download.path(), 'utf8')
    t.match(csv, /^id,station,aqi/, 'the download is the CSV')
    t.equal(csv.trim().split('\n').length, 121, 'with every row')
    })

    const { token } = await portal.key('registered')
    await step('save a key on the account page', async (t) => {
    await page.goto('/account')
    await page.fill('input#api-key', token)
    await page.locator('form#key-form [type=submit]').first().click()
    await page.locator('#key-summary').waitFor({ state: 'visible' })
    await page.waitForFunction(() => /注册用户|registered/i.test(document.querySelector('#key-summary')?.textContent ?? ''))
    t.match(await page.locator('#key-summary').textContent(), /注册用户/, 'the summary shows the tier')
    t.equal(await page.evaluate((item) => sessionStorage.getItem(item), KEY_ITEM), token, 'the key is in sessionStorage')
    t.same(await context.cookies(), [], 'and in no cookie')
    t.notMatch(page.url(), token, 'nor in the URL')
    t.equal(await page.evaluate(() => localStorage.length), 0, 'nor in localStorage')
    })

    await step('apply', async (t) => {

    // apply for the grade-3 conditional dataset
    await page.goto('/datasets/g3')
    await page.fill('textarea#apply-purpose', '研究信用服务数据对中小企业融资的影响，为期一年。')
    await page.check('input#apply-accept')
    await page.locator('form#apply-form [type=submit]').first().click()
    await page.waitForFunction(() => /已提交|submitted/i.test(document.querySelector('#apply-status')?.textContent ?? ''))
    t.match(await page.locator('#apply-status').textContent(), /已提交/, 'the application was submitted')
    })

    await step('the account lists the application', async (t) => {

    // the account lists it
    await page.goto('/account')
    await page.waitForFunction(() => document.querySelectorAll('table#applications tbody tr').length > 0)
    const applications = await page.locator('table#applications tbody').textContent()
    t.match(applications, /g3/, 'the application is listed')
    t.match(applications, /待答复|pending/i, 'as pending')
    })

    await step('forget the key', async (t) => {

    // forget the key
    await page.locator('button#forget-key').click()
    t.equal(await page.evaluate((item) => sessionStorage.getItem(item), KEY_ITEM), null, 'forget key clears sessionStorage')
    t.ok(await page.locator('#key-summary').isHidden(), 'and the summary')
    t.same(await context.cookies(), [], 'no cookie at the end either')
    })
  })

  t.test('the hostile dataset runs nothing', async (t) => {
    const { page, problems } = await portal.open()
    const pages = ['/datasets/hostile', `/datasets?q=${encodeURIComponent('恶意')}`, '/', '/datasets/hostile?lang=en', '/datasets/hostile?group=label&measure=count&chart=pie']
    for (const path of pages) {
      await page.goto(path)
      if (path.includes('chart=')) await page.locator('#chart-canvas canvas').first().waitFor({ state: 'attached' })
      // move the mouse over everything and focus every link: an injected handler would fire
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('body *')) {
          for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error']) el.dispatchEvent(new Event(type, { bubbles: true }))
        }
      })
      t.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, `${path}: no injected script ran`)
      t.equal(await page.locator('main img[src="x"], main svg[onload], main [onerror], main [onmouseover]').count(), 0, `${path}: no injected element or handler`)
      clean(t, problems, path)
    }
    await page.goto('/datasets/hostile')
    t.match(await page.locator('h1').textContent(), ATTACKS[0], 'the title shows the <script> text as text')
    const main = (await page.locator('main').textContent()) ?? ''
    for (const attack of ATTACKS) t.ok(main.includes(attack), `visible as text: ${attack}`)
    await page.goto('/datasets/hostile?lang=en')
    t.match(await page.locator('h1').textContent(), ATTACKS[1], 'the English title too')
  })

  t.test('the English switch', async (t) => {
    const { page, problems } = await portal.open()
    await page.goto('/datasets/stations')
    t.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'Chinese first')
    await Promise.all([page.waitForURL(/lang=en/), page.locator('header a[hreflang=en]').click()])
    t.equal(await page.getAttribute('html', 'lang'), 'en', 'then English')
    t.equal(await page.locator('h1').textContent(), 'Air quality stations', 'the title from title_en')
    t.match(await page.locator('#preview h2').textContent(), /preview/i, 'English headings')
    // the choice follows the visitor
    await Promise.all([page.waitForURL(/\/datasets(\?|$)/), page.locator('header nav a[href^="/datasets"]').first().click()])
    t.equal(await page.getAttribute('html', 'lang'), 'en', 'the next page is English too')
    await page.locator('header a[hreflang^=zh]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    t.pass('and back to Chinese')
    clean(t, problems, 'language switch')
  })
})
