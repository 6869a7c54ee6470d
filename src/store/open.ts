import type { AppConfig } from '../config/env.ts'
import type { AccessStore } from './access-types.ts'
import { SqliteAccessStore } from './sqlite/access-store.ts'
import { SqliteDatasetStore } from './sqlite/store.ts'
import type { DatasetStore } from './types.ts'

/** The store the configuration asks for; the embedded SQLite store is the default (and, for now, the only one). */
export function openStore(config: Pick<AppConfig, 'dataDir' | 'keepVersions' | 'queryWorkers' | 'queryBudgetMs' | 'queryQueue' | 'queryPerCaller'>): DatasetStore {
  const { queryWorkers: workers, queryBudgetMs: budgetMs, queryQueue: queueLength, queryPerCaller: perCaller } = config
  return new SqliteDatasetStore(config.dataDir, config.keepVersions, { workers, budgetMs, queueLength, perCaller })
}

/** Keys, applications, grants and the audit log: in the same metadata database as the datasets. */
export function openAccessStore(config: Pick<AppConfig, 'dataDir'>): AccessStore {
  return new SqliteAccessStore(config.dataDir)
}
