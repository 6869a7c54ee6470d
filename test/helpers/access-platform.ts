/**
 * A real platform for access tests: one dataset per grade (and a conditional grade-2 one), ingested
 * through the CLI, served by the real app over the real SQLite stores, with real keys and grants made
 * by the same functions the CLI and the admin API use.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import type { Test } from 'tap'
import { approveApplication, submitApplication } from '../../src/access/applications.ts'
import { formatDate, localToday } from '../../src/access/dates.ts'
import { issueKey } from '../../src/access/issue-key.ts'
import { digestSecret, generateKey } from '../../src/access/keys.ts'
import type { WorkingCalendar } from '../../src/config/holidays.ts'
import type { TrustProxy } from '../../src/config/env.ts'
import type { KeyTier, TierTable } from '../../src/config/tiers.ts'
import { loadCatalog } from '../../src/catalog/load.ts'
import { buildApp } from '../../src/server/app.ts'
import type { RateLimitRedis } from '../../src/server/plugins/rate-limit-store.ts'
import { SqliteAccessStore } from '../../src/store/sqlite/access-store.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { SqliteSubscriptionStore } from '../../src/store/sqlite/subscription-store.ts'
import type { WebhookSettings } from '../../src/config/webhooks.ts'
import { makeFixture, type Fixture } from './fixture.ts'
import { UNLIMITED_TIERS } from './server.ts'

export const DATASETS = [
  { id: 'g1', grade: 1, open: 'unconditional' },
  { id: 'g2', grade: 2, open: 'unconditional' },
  { id: 'g2c', grade: 2, open: 'conditional' },
  { id: 'g3', grade: 3, open: 'conditional' },
  { id: 'g4', grade: 4, open: 'closed' },
] as const

export type DatasetId = (typeof DATASETS)[number]['id']

export function gradedCatalog(id: string, grade: number, open: string): string {
  return `id: ${id}
title: 测试数据集 ${id}
description: grade ${grade}, ${open}
provider: { name: 测试局 }
theme: 信用服务
keywords: [测试]
grade: ${grade}
open: ${open}
${open === 'closed' ? '' : `source: { path: ${id}.csv }\n`}primary_key: record_id
fields:
  - { name: record_id, type: integer, title: 编号 }
  - { name: district, type: string, title: 区, index: true }
  - { name: amount, type: number, title: 金额 }
`
}

export function gradedCsv(rows: number): string {
  const lines = ['record_id,district,amount']
  for (let i = 1; i <= rows; i++) lines.push(`${i},区${i % 3},${i * 10}`)
  return `${lines.join('\n')}\n`
}

export function daysFromToday(days: number): string {
  const d = new Date()
  d.setDate(d.getDate() + days)
  return formatDate(d)
}

export interface PlatformOptions {
  tiers?: TierTable
  /** Rate-limit counters in Redis (test/helpers/redis.ts) instead of in the process. */
  rateLimitRedis?: RateLimitRedis
  calendar?: WorkingCalendar
  logger?: FastifyServerOptions['logger']
  rows?: number
  trustProxy?: TrustProxy
  /** Serve the web portal too (test/helpers/portal.ts). */
  portal?: boolean
  /** Writes more catalog entries and sources before the ingest. */
  setup?: (fx: Fixture) => void
  /** Webhook subscriptions and deliveries, with these settings over the defaults. */
  webhooks?: Partial<WebhookSettings>
}

export interface Platform {
  fx: Fixture
  app: FastifyInstance
  store: SqliteDatasetStore
  access: SqliteAccessStore
  /** With the webhooks option. */
  subscriptions?: SqliteSubscriptionStore
  /** A fresh key of this tier, as its holder would send it. */
  key(tier?: KeyTier, name?: string): Promise<{ id: string; token: string }>
  /** A key with an approved grant for these datasets, valid through `expiresOn` (the past makes it a lapsed grant). */
  grantedKey(datasets: readonly string[], expiresOn?: string): Promise<{ id: string; token: string }>
  expiredKey(): Promise<{ id: string; token: string }>
  auth(token: string): { authorization: string }
}

export async function makePlatform(t: Test, options: PlatformOptions = {}): Promise<Platform> {
  const fx = makeFixture(t)
  for (const d of DATASETS) {
    fx.writeCatalog(d.id, gradedCatalog(d.id, d.grade, d.open))
    if (d.open !== 'closed') fx.writeSource(`${d.id}.csv`, gradedCsv(options.rows ?? 30))
  }
  options.setup?.(fx)
  const ingest = await fx.cli('ingest')
  t.equal(ingest.code, 0, ingest.stderr)
  const store = new SqliteDatasetStore(fx.config.dataDir, 3, { workers: 1, budgetMs: 10_000 })
  const access = new SqliteAccessStore(fx.config.dataDir)
  const subscriptions = options.webhooks ? new SqliteSubscriptionStore(fx.config.dataDir) : undefined
  const app = await buildApp({
    store,
    access,
    ...(options.tiers ? { tiers: options.tiers } : {}),
    ...(options.rateLimitRedis ? { rateLimitRedis: options.rateLimitRedis } : {}),
    ...(options.calendar ? { calendar: options.calendar } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.portal ? { portal: { themes: (await loadCatalog(fx.config.catalogDir)).themes } } : {}),
    ...(subscriptions ? { webhooks: { subscriptions, settings: { ...fx.config.webhooks, ...options.webhooks } } } : {}),
  })
  t.teardown(async () => {
    await app.close()
    await subscriptions?.close()
    await access.close()
    await store.close()
  })
  const key = async (tier: KeyTier = 'registered', name = `${tier} key`) => {
    const { key, token } = await issueKey(access, { name, tier })
    return { id: key.id, token }
  }
  return {
    fx,
    app,
    store,
    access,
    ...(subscriptions ? { subscriptions } : {}),
    key,
    async grantedKey(datasets, expiresOn = daysFromToday(30)) {
      const holder = await key('registered', 'researcher')
      for (const datasetId of datasets) {
        const application = await submitApplication(access, store, { holidays: new Set(), workdays: new Set() }, { keyId: holder.id, datasetId, purpose: 'research into the effects of the subsidy' })
        if (expiresOn >= localToday()) await approveApplication(access, application.id, expiresOn, 'test')
        // approving into the past is refused by the rules, so a lapsed grant is written as the store would hold it
        else await access.decideApplication(application.id, { status: 'approved', expiresOn, decidedAt: new Date().toISOString(), decidedBy: 'test' })
      }
      return holder
    },
    async expiredKey() {
      const { id, secret, token } = generateKey()
      await access.createKey({ id, name: 'lapsed', tier: 'registered', secretDigest: digestSecret(secret), createdAt: new Date().toISOString(), expiresOn: daysFromToday(-1) })
      return { id, token }
    },
    auth: (token) => ({ authorization: `Bearer ${token}` }),
  }
}

/** Generous limits for tests about something else than limits. */
export const UNLIMITED: TierTable = UNLIMITED_TIERS
