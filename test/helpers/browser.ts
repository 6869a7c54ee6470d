/**
 * Browser tests: the real app with the portal listening on a random port, driven by Debian's
 * Chromium through playwright-core (scripts/chromium.ts). One server and one browser per test file.
 * Every page opened here records console errors (CSP violations arrive as console errors), uncaught
 * page errors and dialogs; a test calls `clean(t)` to fail on any of them.
 *
 * When Chromium is missing, `browserSuite` skips the file's tests with a message that says so
 * plainly (`bash .ci/run` installs it; CHROMIUM_PATH points elsewhere).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, BrowserContextOptions, ConsoleMessage, Page } from 'playwright-core'
import type { Test } from 'tap'
import { chromiumMissing, launchChromium } from '../../scripts/chromium.ts'
import type { Platform } from './access-platform.ts'
import { makePortal } from './portal.ts'

export interface Problems {
  console: string[]
  page: string[]
  dialogs: string[]
}

export interface OpenedPage {
  page: Page
  context: BrowserContext
  problems: Problems
}

export interface BrowserPortal extends Platform {
  /** http://127.0.0.1:<port> */
  base: string
  browser: Browser
  /** A fresh context (zh-CN, desktop size unless told) and page, recording problems; closed in teardown. */
  open(options?: BrowserContextOptions): Promise<OpenedPage>
}

/**
 * A network failure the page expects and handles: the 404 page a test asked for, or an API answer
 * of 401/403/404/409/429 to a script that shows the problem's detail to the visitor (no key yet, no
 * grant, an application already under way). Chromium logs every 4xx fetch as a console error; these ones are not faults of the page.
 */
function expectedNetworkError(page: Page, message: ConsoleMessage): boolean {
  if (!/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return false
  const url = message.location().url
  // the page itself (an HTML 404 the test asked for); tests check its status
  if (url === page.url()) return true
  try {
    return new URL(url).pathname.startsWith('/api/')
  } catch {
    return false
  }
}

function record(page: Page, problems: Problems): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    if (expectedNetworkError(page, message)) return
    problems.console.push(`${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => problems.page.push(String(error.stack ?? error)))
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss().catch(() => {})
  })
}

/** Fails the test when a page logged a console error, threw, or opened a dialog; then forgets them. */
export function clean(t: Test, problems: Problems, what = 'page'): void {
  t.same(problems.console, [], `${what}: no console errors (CSP violations included)`)
  t.same(problems.page, [], `${what}: no uncaught errors`)
  t.same(problems.dialogs, [], `${what}: no dialogs`)
  problems.console.length = 0
  problems.page.length = 0
  problems.dialogs.length = 0
}

export async function startBrowserPortal(t: Test): Promise<BrowserPortal> {
  // with webhooks, so that the account page has its webhook section (receivers on this machine allowed)
  const platform = await makePortal(t, { webhooks: { allowPrivate: true } })
  await platform.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = platform.app.server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  // the first page that reads rows starts the store's query worker (seconds under tsx): start it
  // now, so that no click in a test waits for it
  await platform.app.inject({ url: '/datasets/stations', headers: { accept: 'text/html' } })
  const browser = await launchChromium()
  // registered after makePortal's teardown: tap runs teardowns in order, so the browser closes
  // before the app; closing it first ends its keep-alive connections
  const contexts: BrowserContext[] = []
  t.teardown(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser.close()
  })
  return {
    ...platform,
    base,
    browser,
    async open(options = {}) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, acceptDownloads: true, baseURL: base, ...options })
      contexts.push(context)
      // a missing element fails in seconds, not after playwright's 30 s default
      context.setDefaultTimeout(5_000)
      // the first page that queries rows starts the store's worker
      context.setDefaultNavigationTimeout(30_000)
      const page = await context.newPage()
      const problems: Problems = { console: [], page: [], dialogs: [] }
      record(page, problems)
      return { page, context, problems }
    },
  }
}

/**
 * The file's browser tests, or one skipped test saying why they cannot run here. `body` gets the
 * running server and browser; it adds subtests with `t.test`.
 */
export function browserSuite(t: Test, name: string, body: (t: Test, portal: BrowserPortal) => Promise<void>): void {
  const missing = chromiumMissing()
  if (missing) {
    console.log(`# browser tests skipped: ${missing}`)
    t.test(name, { skip: `browser tests skipped: ${missing}` }, async () => {})
    return
  }
  t.test(name, async (t) => {
    const portal = await startBrowserPortal(t)
    await body(t, portal)
  })
}

const require = createRequire(import.meta.url)
let axeSource: string | undefined

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  nodes: { target: unknown[]; html: string; failureSummary?: string }[]
}

/**
 * axe-core's serious and critical violations on the open page. The script is evaluated through the
 * DevTools protocol, which the page's CSP does not govern, so the policy stays on while axe runs.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  const loaded = await page.evaluate('typeof window.axe')
  if (loaded !== 'object') await page.evaluate(`${axeSource}\n;undefined`)
  const violations = (await page.evaluate(`window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) })))`)) as AxeViolation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** Violations in words, for a failure message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.slice(0, 5).map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n')
}

/** The width the page's content takes, to compare with the viewport's. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

/** Elements wider than the viewport (not inside a scrolling .table-wrap or pre), for a failure message. */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const out: string[] = []
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.table-wrap, pre')) continue
      const box = el.getBoundingClientRect()
      if (box.right > width + 1) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} right=${Math.round(box.right)}`)
      if (out.length >= 10) break
    }
    return out
  })
}
