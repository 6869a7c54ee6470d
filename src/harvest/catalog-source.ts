import { readManifest, type Manifest } from '../materialise/manifest.ts'
import type { DatasetRecord, DatasetStore } from '../store/types.ts'

/** Every dataset of the catalog with its current version's manifest, for the whole-catalog documents. */
export interface HarvestedDataset {
  dataset: DatasetRecord
  manifest?: Manifest
}

const PAGE = 100

export async function harvestCatalog(store: DatasetStore): Promise<HarvestedDataset[]> {
  const ids: string[] = []
  for (let page = 1; ; page++) {
    const { items, total } = await store.listDatasets({ sort: 'id', page, perPage: PAGE })
    ids.push(...items.map((i) => i.id))
    if (page * PAGE >= total) break
  }
  const harvested: HarvestedDataset[] = []
  for (const id of ids) {
    const dataset = await store.getDataset(id)
    if (!dataset) continue
    const manifest = dataset.current ? await readManifest(store.versionFiles(id, dataset.current.version)) : undefined
    harvested.push(manifest ? { dataset, manifest } : { dataset })
  }
  return harvested
}
