/**
 * Browsing without JavaScript: every step a link or a GET form the server answers with a full page.
 * home → search → results → dataset → preview next page → sort → filter → chart → download.
 */
import t, { type Test } from 'tap'
import { browserSuite, clean } from '../helpers/browser.ts'

browserSuite(t, 'the portal without JavaScript', async (t, portal) => {
  t.test('home → search → dataset → preview → sort → filter → chart → download', async (t) => {
    const { page, context, problems } = await portal.open({ javaScriptEnabled: false })
    const step = (name: string, fn: (t: Test) => Promise<void>) => t.test(name, async (t) => {
      try {
        await fn(t)
      } finally {
        clean(t, problems, name)
      }
    })

    await step('search from the home page', async (t) => {
      await page.goto('/')
      t.equal(await page.evaluate('1').catch(() => 'no script'), 1, 'evaluate still works (it is not page script)')
      t.notOk(await page.evaluate(() => document.documentElement.classList.contains('js')), 'the page scripts did not run')
      await page.fill('form#search-form input#q', '站点')
      await Promise.all([page.waitForURL(/\/datasets\?/), page.locator('form#search-form [type=submit]').first().click()])
      t.ok(await page.locator('p#result-count').isVisible(), 'the result count')
      const result = page.locator('ol#results > li a.dataset-link[href^="/datasets/stations"]')
      t.equal(await result.count(), 1, 'stations among the results')
      await Promise.all([page.waitForURL(/\/datasets\/stations/), result.click()])
    })

    await step('the dataset page reads without script', async (t) => {
      if (!new URL(page.url()).pathname.startsWith('/datasets/stations')) await page.goto('/datasets/stations')
      t.match(await page.locator('h1').textContent(), '空气质量监测站点日报')
      for (const id of ['#overview', '#access', '#versions', '#fields', '#preview', '#chart', '#api']) t.ok(await page.locator(id).isVisible(), `${id} is shown`)
      t.ok(await page.locator('table#field-dictionary tbody tr').count() >= 9, 'the field dictionary')
      t.equal(await page.locator('button.copy').filter({ visible: true }).count(), 0, 'copy buttons (script-only) are hidden')
    })

    await step('preview: next page', async (t) => {
      const first = await page.locator('table#preview-table tbody tr').first().textContent()
      await Promise.all([page.waitForURL(/cursor=/), page.locator('#preview nav.pager a[rel=next]').first().click()])
      t.not(await page.locator('table#preview-table tbody tr').first().textContent(), first, 'other rows')
    })

    await step('preview: sort by a column', async (t) => {
      await Promise.all([page.waitForURL(/sort=-?aqi/), page.locator('table#preview-table th a.sort[data-field=aqi], table#preview-table th a.sort[href*="sort=aqi"]').first().click()])
      const aqi = await page.locator('table#preview-table tbody tr').evaluateAll((rows) => rows.map((row) => {
        const headers = [...(row.closest('table')?.querySelectorAll('thead th') ?? [])]
        const col = headers.findIndex((th) => th.querySelector('a.sort[data-field=aqi], a.sort[href*="sort=aqi"], a.sort[href*="sort=-aqi"]'))
        return Number(row.children[col]?.textContent?.replace(/[^\d.-]/g, ''))
      }))
      t.ok(aqi.length > 1, 'rows')
      const sorted = [...aqi].sort((a, b) => a - b)
      const descending = [...sorted].reverse()
      t.ok(JSON.stringify(aqi) === JSON.stringify(sorted) || JSON.stringify(aqi) === JSON.stringify(descending), `rows ordered by AQI: ${aqi.join(',')}`)
    })

    await step('preview: filter on an indexed field', async (t) => {
      await page.fill('form#preview-filter [name="f.station"]', '站点3')
      await Promise.all([page.waitForURL(/f\.station=/), page.locator('form#preview-filter [type=submit]').first().click()])
      const stations = await page.locator('table#preview-table tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent ?? ''))
      t.ok(stations.length > 0, 'rows')
      t.ok(stations.every((text) => text.includes('站点3')), 'every row is 站点3')
    })

    await step('chart: the form draws the table', async (t) => {
      await page.selectOption('select#chart-group', 'station')
      await page.selectOption('select#chart-measure', 'max:pm25')
      await page.selectOption('select#chart-type', 'bar')
      await Promise.all([page.waitForURL(/group=station/), page.locator('form#chart-form [type=submit]').first().click()])
      const url = new URL(page.url())
      t.equal(url.searchParams.get('measure'), 'max:pm25', 'the chart is a URL')
      t.ok(await page.locator('table#chart-table').isVisible(), 'table#chart-table is shown')
      t.ok(await page.locator('table#chart-table tbody tr').count() >= 1, 'with rows')
      t.equal(await page.locator('#chart-canvas canvas').count(), 0, 'no canvas without script')
    })

    await step('download: the CSV link answers 200', async (t) => {
      const href = await page.locator('a.download[data-format=csv]').first().getAttribute('href')
      t.ok(href, 'a CSV link')
      const response = await context.request.get(href!)
      t.equal(response.status(), 200)
      t.match(response.headers()['content-type'], /text\/csv/)
      t.match(await response.text(), /^id,station,aqi/)
    })
  })

  t.test('webhooks: make a subscription, see its secret once, list it and delete it, all by form posts', async (t) => {
    const { page, problems } = await portal.open({ javaScriptEnabled: false })
    const { token } = await portal.key('registered')
    await page.goto('/account')
    await page.fill('#webhook-key-create', token)
    await page.fill('#webhook-url', 'http://127.0.0.1:9/hook')
    await Promise.all([page.waitForURL(/\/account\/webhooks$/), page.locator('form#webhook-create-form button[type=submit]').click()])
    t.match(await page.locator('#webhook-secret').textContent(), /^whsec_/, 'the secret, shown once')
    t.equal(await page.locator('table#webhooks tbody tr').count(), 1)
    t.notOk((await page.content()).includes(token), 'the page does not repeat the key')
    await page.locator('table#webhooks input[name=key]').last().fill(token)
    await page.locator('table#webhooks button[value=delete]').click()
    await page.locator('#webhook-status').waitFor()
    t.match(await page.locator('#webhook-status').textContent(), '订阅已删除')
    t.equal(await page.locator('table#webhooks').count(), 0)
    clean(t, problems, 'webhooks without script')
  })
})
