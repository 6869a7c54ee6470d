import path from 'node:path'
import type { LoadedCatalog } from '../catalog/load.ts'
import type { DatasetStore, Withdrawal } from '../store/types.ts'
import { ingestFingerprint, sha256File } from './fingerprint.ts'
import { ingestDataset, newReport, type IngestContext } from './pipeline.ts'
import { resolveSource, SourceFileError } from '../catalog/source-file.ts'
import type { IngestReport } from './report.ts'

/**
 * Brings the store in line with the catalog: metadata of every valid entry, and a new version of each
 * dataset whose catalog entry or source changed (or only of the ids asked for). Invalid entries are
 * left alone, so whatever they published before stays served.
 */
export interface CatalogIngestResult {
  reports: IngestReport[]
  unknownIds: string[]
  /** Versions withdrawn because the catalog entry became stricter than the one they were built under. */
  withdrawn: Withdrawal[]
  /** Datasets not rebuilt because an operator purged a version built from the same entry and source. */
  withheld: Withdrawal[]
}

/** Reports are kept for admins (GET /api/v1/admin/reports); a dry run keeps nothing. */
async function keepReport(ctx: IngestContext, report: IngestReport): Promise<void> {
  if (!ctx.dryRun) await ctx.store.saveReport(report.dataset, report.status, report)
}

/**
 * Holds the store's ingest lock throughout: a second ingest (or `start`) meanwhile throws
 * IngestLockedError, whose message is the operator's line. A dry run publishes nothing and takes no lock.
 */
export async function ingestCatalog(ctx: IngestContext, catalog: LoadedCatalog, ids: readonly string[] = []): Promise<CatalogIngestResult> {
  const lock = ctx.dryRun ? undefined : await ctx.store.lockIngest()
  try {
    return await ingestUnderLock(ctx, catalog, ids)
  } finally {
    await lock?.release()
  }
}

async function ingestUnderLock(ctx: IngestContext, catalog: LoadedCatalog, ids: readonly string[]): Promise<CatalogIngestResult> {
  const presentIds = new Set([
    ...catalog.entries.map((e) => e.entry.id),
    ...catalog.problems.map((p) => path.basename(p.file).replace(/\.ya?ml$/, '')),
  ])
  // a dry run changes nothing served: not the catalog metadata, nor the versions a stricter entry withdraws
  const withdrawn = ctx.dryRun ? [] : await ctx.store.syncCatalog(catalog.entries.map((e) => e.entry), presentIds)
  const withheld: Withdrawal[] = []
  const wanted = new Set(ids)
  const unknownIds = ids.filter((id) => !catalog.entries.some((e) => e.entry.id === id))
  const reports: IngestReport[] = []
  for (const { entry, file } of catalog.entries) {
    if (wanted.size > 0 && !wanted.has(entry.id)) continue
    if (entry.open === 'closed' || !entry.source) continue
    const dataset = await ctx.store.getDataset(entry.id)
    const current = dataset?.current
    let fingerprint: string
    try {
      // resolved before anything is read: a link out of the datasets directory is never followed
      const source = resolveSource(ctx.datasetsDir, entry.source.path)
      fingerprint = ingestFingerprint(entry, await sha256File(source.file), ctx.pseudonymKey)
    } catch (error) {
      const reason = error instanceof SourceFileError ? error.message
        : `${entry.source.path}: source file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'read error'})`
      const report = { ...newReport(entry), error: `${file}: source.path: ${reason}` }
      report.timings.finishedAt = new Date().toISOString()
      await keepReport(ctx, report)
      reports.push(report)
      continue
    }
    if (current && current.fingerprint === fingerprint) {
      reports.push({
        dataset: entry.id, status: 'unchanged', version: current.version,
        rows: { read: 0, published: current.rowCount, rejected: 0, suppressed: 0 }, rejections: [], fields: [],
        timings: { startedAt: new Date().toISOString() },
      })
      continue
    }
    // a purge stays in force until the entry or the source changes, or the operator names the dataset
    const purged = dataset?.withdrawn.find((w) => w.by === 'operator' && w.fingerprint === fingerprint)
    if (!current && purged && !wanted.has(entry.id)) {
      withheld.push({ datasetId: entry.id, ...purged })
      continue
    }
    const report = await ingestDataset(ctx, entry, fingerprint)
    await keepReport(ctx, report)
    reports.push(report)
  }
  return { reports, unknownIds, withdrawn, withheld }
}
