import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Test } from 'tap'
import type { CatalogEntry } from '../../src/catalog/schema.ts'
import type { PublicRow } from '../../src/desensitise/types.ts'
import type { AccessStore } from '../../src/store/access-types.ts'
import { PostgresAccessStore } from '../../src/store/postgres/access-store.ts'
import { PostgresDatasetStore } from '../../src/store/postgres/store.ts'
import { SqliteAccessStore } from '../../src/store/sqlite/access-store.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { PostgresSubscriptionStore } from '../../src/store/postgres/subscription-store.ts'
import { SqliteSubscriptionStore } from '../../src/store/sqlite/subscription-store.ts'
import type { SubscriptionStore } from '../../src/store/subscription-types.ts'
import type { DatasetStore, PublicField, RowBatch, VersionPlan } from '../../src/store/types.ts'
import { freshDatabase, type StoreKind } from '../helpers/postgres.ts'

/** What the store contract tests (contract*.test.ts) open and write, the same for either store. */
export interface Opened {
  store: DatasetStore
  access: AccessStore
  /** Webhook subscriptions and the outbox (contract-subscriptions.test.ts). */
  subscriptions: SubscriptionStore
  /** Another subscription store on the same data, as another server would open it. */
  anotherSubscriptions(): SubscriptionStore
  /** Tables of the rows schema (PostgreSQL) or version directories (SQLite) now: what a build leaves behind. */
  traces(): Promise<string[]>
  /** A second store on the same data, as another process (server, CLI) would open it. */
  another(): DatasetStore
  /** The PostgreSQL database's URL (PostgreSQL only). */
  url?: string
}

export async function open(t: Test, kind: StoreKind, keepVersions = 3, budgetMs = 2000): Promise<Opened> {
  // a directory per store opened (t.testdir() is one per test, and empties itself when called again)
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-contract-')), 'data')
  const versionDirs = (): string[] => {
    const root = path.join(dataDir, 'versions')
    if (!fs.existsSync(root)) return []
    return fs.readdirSync(root).flatMap((id) => fs.readdirSync(path.join(root, id)).map((v) => `${id}/${v}`)).sort()
  }
  const closing: Array<{ close(): Promise<void> }> = []
  t.teardown(async () => {
    for (const c of closing.reverse()) await c.close()
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true })
  })
  const keep = <T extends { close(): Promise<void> }>(c: T): T => {
    closing.push(c)
    return c
  }
  if (kind === 'sqlite') {
    return {
      store: keep(new SqliteDatasetStore(dataDir, keepVersions, { budgetMs })),
      access: keep(new SqliteAccessStore(dataDir)),
      subscriptions: keep(new SqliteSubscriptionStore(dataDir)),
      anotherSubscriptions: () => keep(new SqliteSubscriptionStore(dataDir)),
      traces: async () => versionDirs().filter((d) => fs.existsSync(path.join(dataDir, 'versions', d, 'rows.sqlite'))),
      another: () => keep(new SqliteDatasetStore(dataDir, keepVersions)),
    }
  }
  const url = await freshDatabase(t)
  const store = keep(new PostgresDatasetStore(url, dataDir, keepVersions, { budgetMs }))
  return {
    store,
    url,
    access: keep(new PostgresAccessStore(url)),
    subscriptions: keep(new PostgresSubscriptionStore(url)),
    anotherSubscriptions: () => keep(new PostgresSubscriptionStore(url)),
    traces: async () => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'gongkai_rows' ORDER BY 1")
      await client.end()
      return tables.rows.map((r) => r.name)
    },
    another: () => keep(new PostgresDatasetStore(url, dataDir, keepVersions)),
  }
}

export const FIELDS: PublicField[] = [
  { name: 'id', type: 'integer', title: '编号', rule: 'keep', index: false, searchable: false },
  { name: 'station', type: 'string', title: '站点', rule: 'keep', index: true, searchable: true },
  { name: 'district', type: 'string', title: '区', rule: 'keep', index: false, searchable: false },
  { name: 'aqi', type: 'number', title: '指数', rule: 'keep', index: true, searchable: false },
  { name: 'open_now', type: 'boolean', title: '运行', rule: 'keep', index: false, searchable: false },
  { name: 'day', type: 'date', title: '日期', rule: 'keep', index: true, searchable: false },
  { name: 'code', type: 'string', title: '代码', rule: 'keep', index: false, searchable: false },
]

export function entryOf(id: string, overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id,
    title: '空气质量监测站点日报',
    title_en: 'Air quality stations',
    description: '各监测站点的每日空气质量指数',
    provider: { name: '北京市生态环境局' },
    theme: '生态环境',
    keywords: ['空气质量', 'AQI'],
    grade: 1,
    open: 'unconditional',
    update_frequency: 'daily',
    primary_key: 'id',
    fields: FIELDS.map(({ name, type, title }) => ({ name, type, title })),
    ...overrides,
  }
}

export const PLAN: VersionPlan = { fields: FIELDS, primaryKey: 'id', uniqueFields: ['code'], fingerprint: 'f1' }

export function batchOf(rows: Array<Record<string, unknown>>, firstRow = 1): RowBatch {
  return { rows: rows as unknown as PublicRow[], rowNumbers: rows.map((_, i) => firstRow + i) }
}

export function stationRows(n: number, from = 1): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => {
    const id = from + i
    return { id, station: `朝阳站点${id % 5}`, district: id % 3 === 0 ? null : `区${id % 2}`, aqi: id * 1.5, open_now: id % 2 === 0, day: `2024-01-${String((id % 28) + 1).padStart(2, '0')}`, code: `C${id}` }
  })
}

export async function publish(store: DatasetStore, id: string, rows: Array<Record<string, unknown>>, entry = entryOf(id)): Promise<number> {
  const writer = await store.beginVersion(id, PLAN)
  await writer.insert(batchOf(rows))
  const { rowCount } = await writer.complete()
  await writer.publish(entry, rowCount)
  return writer.version
}

