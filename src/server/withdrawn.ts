import type { DatasetRecord, WithdrawnVersion } from '../store/types.ts'
import { HttpProblem } from './problem.ts'

/**
 * 410 Gone for a withdrawn version (issue 9.4): it existed and will not come back, and the problem says
 * why in the words recorded when it went (fields and rules, never a value).
 */
export function withdrawnProblem(datasetId: string, withdrawn: WithdrawnVersion, how: { prefix?: string; advice?: string } = {}): HttpProblem {
  const why = withdrawn.reasons.join('; ')
  const looser = withdrawn.by === 'catalog' ? '; its rows were published under a looser rule' : ''
  const detail = `${how.prefix ?? ''}version ${withdrawn.version} of ${datasetId} was withdrawn on ${withdrawn.withdrawnAt.slice(0, 10)}: ${why}${looser}${how.advice ? `; ${how.advice}` : ''}`
  return new HttpProblem(410, detail, {
    version: withdrawn.version, withdrawn_at: withdrawn.withdrawnAt, withdrawn_by: withdrawn.by, reasons: withdrawn.reasons,
  })
}

export function withdrawalOf(dataset: DatasetRecord, version: number): WithdrawnVersion | undefined {
  return dataset.withdrawn.find((w) => w.version === version)
}

/**
 * The withdrawal that left a dataset without a current version: its newest one, if newer than every
 * kept version (a dataset whose first ingest failed has none, and its routes stay 404).
 */
export function currentWithdrawal(dataset: DatasetRecord): WithdrawnVersion | undefined {
  const newest = dataset.withdrawn[0]
  if (dataset.current || !newest) return undefined
  return dataset.versions.every((v) => v.version < newest.version) ? newest : undefined
}

/** The problem of a route on the current version when there is none because it was withdrawn. */
export function currentWithdrawnProblem(dataset: DatasetRecord): HttpProblem | undefined {
  const gone = currentWithdrawal(dataset)
  return gone && withdrawnProblem(dataset.id, gone, { advice: 'no version is served until the dataset is ingested again' })
}
