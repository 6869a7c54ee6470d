/**
 * Every portal page in a real browser: axe-core finds no serious or critical violation (GB/T
 * 37668-2019 follows WCAG 2.x AA), nothing scrolls sideways on a 375 px phone, and no page logs a
 * console error (CSP violations included), throws or opens a dialog.
 */
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { axeViolations, browserSuite, clean, describeViolations, overflowing, scrollWidth, type BrowserPortal } from '../helpers/browser.ts'

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'home (English)', path: '/?lang=en' },
  { name: 'search', path: '/datasets' },
  { name: 'search for 站点', path: `/datasets?q=${encodeURIComponent('站点')}` },
  { name: 'search without results', path: `/datasets?q=${encodeURIComponent('没有这样的数据')}` },
  { name: 'search by theme and provider (two feeds to subscribe to)', path: `/datasets?theme=${encodeURIComponent('信用服务')}&provider=${encodeURIComponent('测试局')}` },
  { name: 'grade-1 dataset with a chart', path: '/datasets/stations?group=station&measure=count&chart=bar' },
  { name: 'grade-1 dataset, sorted and filtered', path: `/datasets/stations?sort=-aqi&f.station=${encodeURIComponent('站点1')}` },
  { name: 'grade-1 dataset in English', path: '/datasets/stations?lang=en' },
  { name: 'grade-3 dataset with apply', path: '/datasets/g3' },
  { name: 'closed dataset', path: '/datasets/g4' },
  { name: 'hostile dataset', path: '/datasets/hostile' },
  { name: 'account', path: '/account' },
  { name: 'HTML 404', path: '/no-such-page', status: 404 },
] as const

async function visit(t: Test, page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path, { waitUntil: 'load' })
  t.equal(response?.status(), status, `${path} answers ${status}`)
  // module scripts have run by the load event; a chart is drawn after its chunk arrives
  if (path.includes('chart=') && (await page.evaluate(() => document.documentElement.classList.contains('js')))) {
    await page.locator('#chart-canvas canvas').first().waitFor({ state: 'attached' })
  }
}

async function saveKey(page: Page, token: string): Promise<void> {
  await page.goto('/account')
  await page.fill('input#api-key', token)
  await page.locator('form#key-form button[type=submit], form#key-form input[type=submit]').first().click()
  await page.locator('#key-summary').waitFor({ state: 'visible' })
}

browserSuite(t, 'portal pages in Chromium', async (t, portal: BrowserPortal) => {
  t.test('axe: no serious or critical violation on any page', async (t) => {
    const { page, problems } = await portal.open()
    for (const p of PAGES) {
      await visit(t, page, p.path, 'status' in p ? p.status : 200)
      const violations = await axeViolations(page)
      t.same(violations.map((v) => v.id), [], `${p.name} (${p.path}): axe\n${describeViolations(violations)}`)
      clean(t, problems, p.name)
    }
  })

  t.test('axe: the account page with a saved key', async (t) => {
    const { page, problems } = await portal.open()
    const { token } = await portal.key('registered')
    await saveKey(page, token)
    const violations = await axeViolations(page)
    t.same(violations.map((v) => v.id), [], `account with a key: axe\n${describeViolations(violations)}`)
    clean(t, problems, 'account with a key')
  })

  t.test('axe: the account page after making a webhook subscription, the saved key filled in by the script', async (t) => {
    const { page, problems } = await portal.open()
    const { token } = await portal.key('registered')
    await saveKey(page, token)
    t.notOk(await page.locator('#webhook-key-create').isVisible(), 'no key to paste again: the script filled it in')
    await page.fill('#webhook-url', 'http://127.0.0.1:9/hook')
    await Promise.all([page.waitForURL(/\/account\/webhooks$/), page.locator('form#webhook-create-form button[type=submit]').click()])
    await page.locator('#webhook-secret').waitFor()
    t.equal(await page.locator('table#webhooks tbody tr').count(), 1)
    const violations = await axeViolations(page)
    t.same(violations.map((v) => v.id), [], `account with a webhook: axe\n${describeViolations(violations)}`)
    t.same(await overflowing(page), [], 'nothing wider than the page')
    clean(t, problems, 'account with a webhook')
  })

  t.test('keyboard: the skip link appears on focus and leads to the content', async (t) => {
    const { page, problems } = await portal.open()
    await page.goto('/datasets/stations')
    await page.keyboard.press('Tab')
    t.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link', 'the first Tab reaches the skip link')
    const box = await page.locator('a.skip-link').boundingBox()
    t.ok(box && box.y >= 0 && box.height > 0, 'and it is on screen')
    t.not(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'none', 'with a visible focus outline')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.id === 'main')
    t.pass('Enter moves focus to main#main')
    await page.keyboard.press('Tab')
    t.ok(await page.evaluate(() => document.getElementById('main')!.contains(document.activeElement)), 'the next Tab stays in the content')
    clean(t, problems, 'keyboard')
  })

  t.test('phone: nothing scrolls sideways at 375 px', async (t) => {
    const { page, problems } = await portal.open({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
    for (const p of PAGES) {
      await visit(t, page, p.path, 'status' in p ? p.status : 200)
      const width = await scrollWidth(page)
      t.ok(width <= 375, `${p.name} (${p.path}): page is ${width} px wide${width > 375 ? `; too wide: ${(await overflowing(page)).join(', ')}` : ''}`)
      clean(t, problems, `${p.name} on a phone`)
    }
    const violations = await axeViolations(page)
    t.same(violations.map((v) => v.id), [], `404 on a phone: axe\n${describeViolations(violations)}`)
    await visit(t, page, '/datasets/stations?group=station&measure=count&chart=bar')
    const phoneViolations = await axeViolations(page)
    t.same(phoneViolations.map((v) => v.id), [], `dataset page on a phone: axe\n${describeViolations(phoneViolations)}`)
  })
})
