/**
 * `npm run openapi`: writes the OpenAPI document the routes' TypeBox schemas produce to
 * openapi/openapi.json, so API changes show up in review. test/server/openapi.test.ts fails when
 * the committed copy drifts from the code.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/server/app.ts'
import { DEFAULT_WEBHOOK_TIMEOUT_MS, parseRetrySchedule } from '../src/config/webhooks.ts'
import { openAccessStore, openStore, openSubscriptionStore } from '../src/store/open.ts'

export const OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'openapi', 'openapi.json')

/** The document of the full app (every optional part switched on), as committed text. */
export async function renderOpenApi(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-openapi-'))
  const store = openStore({ dataDir, keepVersions: 3, queryWorkers: 1, queryBudgetMs: 2000, queryQueue: 1, queryPerCaller: 1 })
  const access = openAccessStore({ dataDir })
  const subscriptions = openSubscriptionStore({ dataDir })
  const app = await buildApp({ store, access, webhooks: { subscriptions, settings: { retryScheduleMs: parseRetrySchedule(undefined), timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS, allowPrivate: false } } })
  try {
    await app.ready()
    return `${JSON.stringify(app.swagger(), null, 2)}\n`
  } finally {
    await app.close()
    await subscriptions.close()
    await store.close()
    await access.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true })
  fs.writeFileSync(OPENAPI_FILE, await renderOpenApi())
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`)
}
