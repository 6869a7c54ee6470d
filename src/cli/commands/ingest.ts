import type { AppConfig } from '../../config/env.ts'
import { loadCatalog } from '../../catalog/load.ts'
import { formatProblem } from '../../catalog/problems.ts'
import { loadPseudonymKey } from '../../desensitise/index.ts'
import { ingestCatalog } from '../../ingest/ingest-catalog.ts'
import { summarise } from '../../ingest/report.ts'
import type { DatasetStore } from '../../store/types.ts'
import type { CliCommand } from '../command.ts'
import type { Output } from '../output.ts'
import { clearProgress, terminalProgress } from '../progress.ts'
import { withDatasetStore } from '../with-store.ts'

/**
 * Validates the catalog and ingests what changed; prints each report's summary.
 * Returns the number of failures (invalid catalog files, unknown ids and failed ingests).
 */
export async function ingestChanged(config: AppConfig, store: DatasetStore, out: Output, ids: readonly string[] = []): Promise<number> {
  const catalog = await loadCatalog(config.catalogDir)
  for (const problem of catalog.problems) out.error(formatProblem(problem))
  const progress = terminalProgress()
  const { reports, unknownIds } = await ingestCatalog(
    { store, datasetsDir: config.datasetsDir, pseudonymKey: loadPseudonymKey(config.dataDir, { GONGKAI_PSEUDONYM_KEY: config.pseudonymKey }), ...(progress ? { onProgress: progress } : {}) },
    catalog,
    ids,
  )
  clearProgress()
  for (const id of unknownIds) out.error(`${id}: not a valid catalog entry`)
  for (const report of reports) {
    const line = summarise(report)
    if (report.status === 'failed') out.error(line)
    else out.log(line)
  }
  const invalidFiles = new Set(catalog.problems.map((p) => p.file)).size
  return invalidFiles + unknownIds.length + reports.filter((r) => r.status === 'failed').length
}

/** `gongkai ingest [id…]`: exit 1 if any dataset failed or any catalog file is invalid. */
export const ingestCommand: CliCommand = {
  name: 'ingest',
  summary: 'ingest the datasets whose catalog entry or source changed (or the ids given)',
  operands: { label: '[id…]', min: 0, max: Infinity },
  async run({ operands }, { config, out }) {
    return withDatasetStore(config, async (store) => ((await ingestChanged(config, store, out, operands)) > 0 ? 1 : 0))
  },
}
