import path from 'node:path'
import type { LoadedCatalog } from '../catalog/load.ts'
import type { DatasetStore } from '../store/types.ts'
import { ingestFingerprint, sha256File } from './fingerprint.ts'
import { ingestDataset, type IngestContext } from './pipeline.ts'
import type { IngestReport } from './report.ts'

/**
 * Brings the store in line with the catalog: metadata of every valid entry, and a new version of each
 * dataset whose catalog entry or source changed (or only of the ids asked for). Invalid entries are
 * left alone, so whatever they published before stays served.
 */
export interface CatalogIngestResult {
  reports: IngestReport[]
  unknownIds: string[]
}

export async function ingestCatalog(ctx: IngestContext, catalog: LoadedCatalog, ids: readonly string[] = []): Promise<CatalogIngestResult> {
  const presentIds = new Set([
    ...catalog.entries.map((e) => e.entry.id),
    ...catalog.problems.map((p) => path.basename(p.file).replace(/\.ya?ml$/, '')),
  ])
  await ctx.store.syncCatalog(catalog.entries.map((e) => e.entry), presentIds)
  const wanted = new Set(ids)
  const unknownIds = ids.filter((id) => !catalog.entries.some((e) => e.entry.id === id))
  const reports: IngestReport[] = []
  for (const { entry } of catalog.entries) {
    if (wanted.size > 0 && !wanted.has(entry.id)) continue
    if (entry.open === 'closed' || !entry.source) continue
    const current = (await ctx.store.getDataset(entry.id))?.current
    let fingerprint: string
    try {
      fingerprint = ingestFingerprint(entry, await sha256File(path.resolve(ctx.datasetsDir, entry.source.path)), ctx.pseudonymKey)
    } catch {
      fingerprint = 'source-missing'
    }
    if (current && current.fingerprint === fingerprint) {
      reports.push({
        dataset: entry.id, status: 'unchanged', version: current.version,
        rows: { read: 0, published: current.rowCount, rejected: 0, suppressed: 0 }, rejections: [], fields: [],
        timings: { startedAt: new Date().toISOString() },
      })
      continue
    }
    const report = await ingestDataset(ctx, entry, fingerprint)
    await ctx.store.saveReport(entry.id, report.status, report)
    reports.push(report)
  }
  return { reports, unknownIds }
}
