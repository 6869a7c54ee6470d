import type { AppConfig } from '../config/env.ts'
import { SqliteDatasetStore } from './sqlite/store.ts'
import type { DatasetStore } from './types.ts'

/** The store the configuration asks for; the embedded SQLite store is the default (and, for now, the only one). */
export function openStore(config: Pick<AppConfig, 'dataDir' | 'keepVersions'>): DatasetStore {
  return new SqliteDatasetStore(config.dataDir, config.keepVersions)
}
