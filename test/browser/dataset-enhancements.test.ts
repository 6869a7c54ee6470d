/**
 * The dataset page's own scripts in Chromium: copy buttons put the snippet on the clipboard and say
 * so in the live region; with a saved key, a keyed download link fetches the file with the key and
 * saves the same bytes the API serves (a plain link cannot carry the key).
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { browserSuite, clean, type BrowserPortal } from '../helpers/browser.ts'

browserSuite(t, 'dataset page enhancements in Chromium', async (t, portal: BrowserPortal) => {
  t.test('copy buttons copy the snippet and announce it', async (t) => {
    const { page, context, problems } = await portal.open()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.base })
    await page.goto('/datasets/stations', { waitUntil: 'load' })
    const button = page.locator('button.copy[data-copy="snippet-curl-rows"]')
    t.ok(await button.isVisible(), 'the copy button shows with JavaScript')
    await button.click()
    await page.waitForFunction(() => document.getElementById('copy-status')?.textContent === '已复制')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    const code = await page.locator('#snippet-curl-rows').textContent()
    t.equal(copied, code, 'the clipboard holds the code')
    t.match(copied, `${portal.base}/api/v1/datasets/stations/rows`)
    clean(t, problems)
  })

  t.test('a keyed download with a saved key saves the file the API serves', async (t) => {
    const { token } = await portal.key()
    const { page, problems } = await portal.open()
    await page.goto('/datasets/g2', { waitUntil: 'load' })
    await page.evaluate((key) => sessionStorage.setItem('gongkai.apiKey', key), token)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#downloads-v1 a.download[data-format="csv"]').click(),
    ])
    const file = await download.path()
    const served = await portal.app.inject({ url: '/api/v1/datasets/g2/download.csv', headers: portal.auth(token) })
    t.equal(readFileSync(file, 'utf8'), served.body, 'the same bytes')
    t.equal(download.suggestedFilename(), '测试数据集 g2-v1.csv', 'under the server\'s file name (Content-Disposition filename*)')
    await page.waitForFunction(() => document.getElementById('download-status')?.textContent === '下载完成')
    clean(t, problems)
  })
})
