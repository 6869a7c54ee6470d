import type { AppConfig } from '../../config/env.ts'
import { loadCatalog, type LoadedCatalog } from '../../catalog/load.ts'
import { formatProblem } from '../../catalog/problems.ts'
import { loadPseudonymKey } from '../../desensitise/index.ts'
import { ingestCatalog } from '../../ingest/ingest-catalog.ts'
import { IngestLockedError, type DatasetStore } from '../../store/types.ts'
import type { CliCommand } from '../command.ts'
import type { Output } from '../output.ts'
import { printReport } from '../ingest-summary.ts'
import { clearProgress, terminalProgress } from '../progress.ts'
import { withDatasetStore } from '../with-store.ts'

/**
 * Validates the catalog and ingests what changed; prints each report's summary.
 * Returns the number of failures (invalid catalog files, unknown ids and failed ingests).
 */
export interface IngestChangedOptions {
  /** The datasets to ingest; none: every one whose entry or source changed. */
  ids?: readonly string[]
  dryRun?: boolean
  /** The catalog when the caller has loaded it already (gongkai start serves its themes). */
  catalog?: LoadedCatalog
}

export async function ingestChanged(config: AppConfig, store: DatasetStore, out: Output, options: IngestChangedOptions = {}): Promise<number> {
  const { ids = [], dryRun = false } = options
  const catalog = options.catalog ?? await loadCatalog(config.catalogDir)
  for (const problem of catalog.problems) out.error(formatProblem(problem))
  const progress = terminalProgress()
  const invalidFiles = new Set(catalog.problems.map((p) => p.file)).size
  let result
  try {
    result = await ingestCatalog(
      { store, datasetsDir: config.datasetsDir, pseudonymKey: loadPseudonymKey(config.dataDir, config.pseudonymKey), limits: config.recordLimits, ...(progress ? { onProgress: progress } : {}), dryRun },
      catalog,
      ids,
    )
  } catch (error) {
    if (!(error instanceof IngestLockedError)) throw error
    out.error(error.message)
    return invalidFiles + 1
  }
  const { reports, unknownIds, withdrawn, withheld } = result
  clearProgress()
  for (const id of unknownIds) out.error(`${id}: not a valid catalog entry`)
  for (const w of withdrawn) out.log(`${w.datasetId}: withdrew version ${w.version}, built under a looser catalog entry: ${w.reasons.join('; ')}`)
  for (const w of withheld) {
    out.log(`${w.datasetId}: not ingested: version ${w.version}, built from this catalog entry and source, was removed by an operator on ${w.withdrawnAt.slice(0, 10)}; change either, or run gongkai ingest ${w.datasetId} to publish it again`)
  }
  for (const report of reports) printReport(report, out, dryRun)
  return invalidFiles + unknownIds.length + reports.filter((r) => r.status === 'failed').length
}

/** `gongkai ingest [id…]`: exit 1 if any dataset failed or any catalog file is invalid, with --dry-run too. */
export const ingestCommand: CliCommand = {
  name: 'ingest',
  summary: 'ingest the datasets whose catalog entry or source changed (or the ids given)',
  operands: { label: '[id…]', min: 0, max: Infinity },
  options: {
    'dry-run': { help: 'every check up to publication (rules, leak guard, k-anonymity); publishes and records nothing' },
  },
  async run({ operands, flags }, { config, out }) {
    const dryRun = flags.has('dry-run')
    return withDatasetStore(config, async (store) => ((await ingestChanged(config, store, out, { ids: operands, dryRun })) > 0 ? 1 : 0))
  },
}
