import type { AppConfig } from '../config/env.ts'
import type { AccessStore } from '../store/access-types.ts'
import { openAccessStore, openStore } from '../store/open.ts'
import type { DatasetStore } from '../store/types.ts'

/** Runs a command on the dataset store and closes it afterwards, whatever happens. */
export async function withDatasetStore<T>(config: AppConfig, act: (store: DatasetStore) => Promise<T>): Promise<T> {
  const store = openStore(config)
  try {
    return await act(store)
  } finally {
    await store.close()
  }
}

/** Runs a command on the access store (keys, applications) and closes it afterwards. */
export async function withAccessStore<T>(config: AppConfig, act: (access: AccessStore) => Promise<T>): Promise<T> {
  const access = openAccessStore(config)
  try {
    return await act(access)
  } finally {
    await access.close()
  }
}
