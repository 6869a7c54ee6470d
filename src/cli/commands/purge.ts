import { IngestLockedError, type DatasetRecord, type DatasetStore } from '../../store/types.ts'
import { UsageError, type CliCommand } from '../command.ts'
import type { Output } from '../output.ts'
import { withDatasetStore } from '../with-store.ts'
import { datasetIdOperand, versionOption } from '../operands.ts'

/**
 * `gongkai purge ID [--version N] [--reason TEXT]` (issue 9.4): an operator withdraws what a dataset
 * published — rows and files deleted at once, also for a running server, which answers 410 with the
 * reason from then on. The same source and catalog entry are not ingested again by themselves
 * (ingest/ingest-catalog.ts); `gongkai ingest ID` does it on purpose.
 */
const MAX_REASON = 500

function parseOperands(id: string, given: string | undefined, reason: string | undefined): { version?: number; reasons: string[] } {
  datasetIdOperand(id)
  const version = versionOption('version', given)
  const why = reason?.trim()
  if (why !== undefined && (why === '' || why.length > MAX_REASON || /[\r\n]/.test(why))) {
    throw new UsageError(`--reason must be one line of 1 to ${MAX_REASON} characters; it is shown to everyone asking for the version`)
  }
  return { ...(version !== undefined ? { version } : {}), reasons: [why ? `removed by an operator: ${why}` : 'removed by an operator'] }
}

/** The versions to withdraw, or the exit code after saying why there are none. */
function chooseVersions(dataset: DatasetRecord, version: number | undefined, out: Output): number[] | number {
  const kept = dataset.versions.map((v) => v.version)
  const listed = kept.length ? `kept: ${kept.join(', ')}` : 'no version is kept'
  if (version === undefined) {
    if (kept.length) return kept
    out.log(`${dataset.id}: ${listed}; nothing to purge`)
    return 0
  }
  if (kept.includes(version)) return [version]
  const withdrawn = dataset.withdrawn.find((w) => w.version === version)
  if (withdrawn) {
    out.log(`${dataset.id}: version ${version} was already withdrawn on ${withdrawn.withdrawnAt.slice(0, 10)} (${withdrawn.reasons.join('; ')}); nothing to purge`)
    return 0
  }
  out.error(`purge: dataset ${dataset.id} has no version ${version} (${listed})`)
  return 1
}

export const purgeCommand: CliCommand = {
  name: 'purge',
  summary: 'withdraw every kept version of a dataset, or one: rows and files deleted, 410 with the reason from then on',
  operands: { label: 'ID', min: 1, max: 1 },
  options: {
    version: { value: 'N', help: 'only this version (default: every kept one)' },
    reason: { value: 'TEXT', help: 'why, in one line: recorded and shown in the 410 answers, so to everyone' },
  },
  async run({ operands, values }, { config, out }) {
    const id = operands[0] as string
    const { version, reasons } = parseOperands(id, values.version, values.reason)
    return withDatasetStore(config, async (store) => {
      // an ingest running meanwhile would publish, after the purge, a new version of what is being purged
      let lock
      try {
        lock = await store.lockIngest()
      } catch (error) {
        if (!(error instanceof IngestLockedError)) throw error
        out.error(`purge: ${error.message}`)
        return 1
      }
      try {
        return await purge(store, id, version, reasons, out)
      } finally {
        await lock.release()
      }
    })
  },
}

async function purge(store: DatasetStore, id: string, version: number | undefined, reasons: string[], out: Output): Promise<number> {
  const dataset = await store.getDataset(id)
  if (!dataset) {
    out.error(`purge: no dataset ${id} in the store (gongkai ingest adds the valid catalog entries)`)
    return 1
  }
  const chosen = chooseVersions(dataset, version, out)
  if (typeof chosen === 'number') return chosen
  const withdrawn = await store.withdrawVersions(id, chosen, reasons)
  for (const w of withdrawn) out.log(`${id}: withdrew version ${w.version}: ${w.reasons.join('; ')}; its rows and files are deleted`)
  if (dataset.current && withdrawn.some((w) => w.version === dataset.current?.version)) {
    out.log(`${id}: no version is served now; the same catalog entry and source are not ingested again unless you run gongkai ingest ${id}`)
  }
  return 0
}
