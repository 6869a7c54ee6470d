import type { AppConfig } from '../config/env.ts'
import type { AccessStore } from './access-types.ts'
import { PostgresAccessStore } from './postgres/access-store.ts'
import { PostgresDatasetStore } from './postgres/store.ts'
import { PostgresSubscriptionStore } from './postgres/subscription-store.ts'
import { SqliteAccessStore } from './sqlite/access-store.ts'
import { SqliteDatasetStore } from './sqlite/store.ts'
import { SqliteSubscriptionStore } from './sqlite/subscription-store.ts'
import type { SubscriptionStore } from './subscription-types.ts'
import type { DatasetStore } from './types.ts'

/**
 * The store the configuration asks for: PostgreSQL when GONGKAI_DATABASE_URL is set (bulk files stay under the
 * data directory, which every server must share), else the embedded SQLite store.
 */
export function openStore(config: Pick<AppConfig, 'dataDir' | 'keepVersions' | 'queryWorkers' | 'queryBudgetMs' | 'queryQueue' | 'queryPerCaller' | 'databaseUrl'>): DatasetStore {
  const { queryWorkers: workers, queryBudgetMs: budgetMs, queryQueue: queueLength, queryPerCaller: perCaller } = config
  if (config.databaseUrl) return new PostgresDatasetStore(config.databaseUrl, config.dataDir, config.keepVersions, { budgetMs, queueLength, perCaller })
  return new SqliteDatasetStore(config.dataDir, config.keepVersions, { workers, budgetMs, queueLength, perCaller })
}

/** Keys, applications, grants and the audit log: in the same metadata database as the datasets. */
export function openAccessStore(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): AccessStore {
  return config.databaseUrl ? new PostgresAccessStore(config.databaseUrl) : new SqliteAccessStore(config.dataDir)
}

/** Webhook subscriptions, the outbox and the delivery log: in the same metadata database too. */
export function openSubscriptionStore(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): SubscriptionStore {
  return config.databaseUrl ? new PostgresSubscriptionStore(config.databaseUrl) : new SqliteSubscriptionStore(config.dataDir)
}
