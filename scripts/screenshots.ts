/**
 * `npm run screenshots`: the README's pictures of the portal, taken from the real server over the
 * committed sample catalog (ingested into a temporary data dir, served on a random port) by
 * Debian's Chromium (scripts/chromium.ts):
 *   docs/screenshots/home.png           home, desktop (1280 px wide)
 *   docs/screenshots/dataset.png        a grade-1 dataset page from its title through its metadata and downloads
 *   docs/screenshots/dataset-preview.png the same page's data preview (sort links, filter form, pager)
 *   docs/screenshots/dataset-chart.png  the same page's chart section, with a chart built through its form
 *   docs/screenshots/home-phone.png     home on a phone (375 px wide)
 * Long pages are cut at a fixed height so the files stay small. Console errors are printed.
 * Needs a Chinese font, or every character is a box: `apt-get install -y fonts-noto-cjk`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { ingestSamples, openSamplePlatform, ROOT, snapshotAssets } from '../bench/portal-platform.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'

const OUT = path.join(ROOT, 'docs', 'screenshots')
const DATASET = 'air-quality-daily'
const CHART = { group: 'station', measure: 'avg:aqi', type: 'bar' }
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN', colorScheme: 'light' }
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, locale: 'zh-CN', colorScheme: 'light', isMobile: true, hasTouch: true }

const problems: string[] = []

/** Why the pictures would show boxes for Chinese text, or undefined (also when fontconfig cannot be asked). */
function chineseFontMissing(): string | undefined {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
  if (fonts.error || fonts.status !== 0) return undefined
  return fonts.stdout.trim() ? undefined : 'no Chinese font installed (fc-list :lang=zh is empty): every character would be a box; install one with `apt-get install -y fonts-noto-cjk`'
}

function watch(page: Page, name: string): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`${name}: page error: ${error.message}`))
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${name}: ${response.status()} ${response.url()}`)
  })
}

/** One section of the page with a margin around it, at most maxHeight tall. */
async function captureSection(page: Page, selector: string, file: string, maxHeight = 1400): Promise<void> {
  // a sticky element (the in-page nav) is drawn where the viewport was, over the section: let it scroll away
  await page.evaluate(() => {
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (getComputedStyle(element).position === 'sticky') element.style.position = 'static'
    }
  })
  const section = page.locator(selector)
  await section.scrollIntoViewIfNeeded()
  const box = await section.boundingBox()
  if (!box) throw new Error(`${selector} is not on the page`)
  const margin = 16
  const scroll = await page.evaluate(() => window.scrollY)
  const clip = { x: Math.max(0, box.x - margin), y: Math.max(0, box.y + scroll - margin), width: box.width + 2 * margin, height: Math.min(box.height + 2 * margin, maxHeight) }
  const target = path.join(OUT, file)
  await page.screenshot({ path: target, type: 'png', fullPage: true, clip })
  console.log(`${path.relative(ROOT, target)}  ${Math.round(clip.width)}×${Math.round(clip.height)}  ${(fs.statSync(target).size / 1024).toFixed(0)} KB`)
}

/** The page from its top, at most maxHeight tall (the whole page when shorter). */
async function capture(page: Page, file: string, maxHeight: number): Promise<void> {
  const { width, height } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight }))
  const target = path.join(OUT, file)
  await page.screenshot({ path: target, type: 'png', fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) } })
  console.log(`${path.relative(ROOT, target)}  ${width}×${Math.min(height, maxHeight)}  ${(fs.statSync(target).size / 1024).toFixed(0)} KB`)
}

async function main(): Promise<number> {
  const missing = chromiumMissing() ?? chineseFontMissing()
  if (missing) {
    console.error(missing)
    return 1
  }
  fs.mkdirSync(OUT, { recursive: true })
  const dataDir = await ingestSamples()
  const platform = await openSamplePlatform(dataDir, true, snapshotAssets(path.join(dataDir, 'assets')))
  const browser = await launchChromium()
  try {
    await platform.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = platform.app.server.address() as { port: number }
    const base = `http://127.0.0.1:${port}`

    const desktop = await browser.newContext(DESKTOP)
    const page = await desktop.newPage()
    watch(page, 'desktop')
    await page.goto(`${base}/`, { waitUntil: 'networkidle' })
    await capture(page, 'home.png', 1400)

    await page.goto(`${base}/datasets/${DATASET}`, { waitUntil: 'networkidle' })
    await capture(page, 'dataset.png', 2000)
    await captureSection(page, '#preview', 'dataset-preview.png')

    // the chart built as a visitor builds it: the form, then the drawn chart (ECharts animates in)
    try {
      await page.goto(`${base}/datasets/${DATASET}`, { waitUntil: 'networkidle' })
      await page.selectOption('#chart-group', CHART.group)
      await page.selectOption('#chart-measure', CHART.measure)
      await page.selectOption('#chart-type', CHART.type)
      await page.locator('#chart-form [type=submit]').click()
      await page.waitForSelector('#chart-canvas canvas, #chart-canvas svg', { timeout: 15_000 })
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(1500)
      await captureSection(page, '#chart', 'dataset-chart.png')
    } catch (error) {
      problems.push(`chart: not drawn, dataset-chart.png not written: ${(error as Error).message.split('\n')[0]}`)
    }
    await desktop.close()

    const phone = await browser.newContext(PHONE)
    const phonePage = await phone.newPage()
    watch(phonePage, 'phone')
    await phonePage.goto(`${base}/`, { waitUntil: 'networkidle' })
    const sideways = await phonePage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    if (sideways > 0) problems.push(`phone: home scrolls sideways by ${sideways} px at 375 px`)
    await capture(phonePage, 'home-phone.png', 1600)
    await phone.close()
  } finally {
    await browser.close()
    await platform.close()
  }
  for (const problem of problems) console.error(problem)
  return problems.length ? 1 : 0
}

process.exitCode = await main()
