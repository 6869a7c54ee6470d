import { formatRule } from '../../catalog/strictness.ts'
import { ChangeLog } from '../../changes/change-log.ts'
import { describeChanges } from '../../changes/describe.ts'
import { changesPair } from '../../server/changes-pair.ts'
import { HttpProblem } from '../../server/problem.ts'
import type { ChangeSummary, FieldChange, FieldShape } from '../../store/change-types.ts'
import type { DatasetStore, VersionInfo } from '../../store/types.ts'
import type { CliCommand } from '../command.ts'
import { datasetIdOperand, versionOption } from '../operands.ts'
import type { Output } from '../output.ts'
import { withDatasetStore } from '../with-store.ts'

/**
 * `gongkai changes ID [--from U] [--to V]` (issue 12 §2): what changed between two kept versions, as the
 * API's summary says it: the one kept with the version when it is against the same version, else computed.
 * The versions are chosen as the API chooses them (server/changes-pair.ts), and a version that is not kept
 * is refused with the API's reason, exit 1.
 */
export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'what changed between two kept versions of a dataset: rows added, removed and changed, and the fields',
  operands: { label: 'ID', min: 1, max: 1 },
  options: {
    from: { value: 'U', help: 'the earlier version (default: the one the later was compared with at ingest, else the kept one before it)' },
    to: { value: 'V', help: 'the later version (default: the current one)' },
  },
  async run({ operands, values }, { config, out }) {
    const id = datasetIdOperand(operands[0] as string)
    const from = versionOption('from', values.from)
    const to = versionOption('to', values.to)
    return withDatasetStore(config, (store) => printChanges(store, id, from, to, out))
  },
}

async function printChanges(store: DatasetStore, id: string, fromVersion: number | undefined, toVersion: number | undefined, out: Output): Promise<number> {
  const dataset = await store.getDataset(id)
  if (!dataset) {
    out.error(`changes: no dataset ${id} in the store (gongkai ingest adds the valid catalog entries)`)
    return 1
  }
  if (!dataset.current) {
    out.error(`changes: dataset ${id} has no published version`)
    return 1
  }
  let pair
  try {
    pair = changesPair({ ...dataset, current: dataset.current }, toVersion, fromVersion)
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error
    out.error(`changes: ${error.detail}`)
    return 1
  }
  const summary = await new ChangeLog(store).summary(id, pair.from, pair.to)
  for (const line of summaryLines(id, summary, pair.to)) out.log(line)
  return 0
}

const shape = (s: FieldShape): string => `${s.type}, ${formatRule(s.rule)}`

function fieldLine(change: FieldChange): string {
  const { before, after } = change as Required<FieldChange>
  switch (change.change) {
    case 'added':
      return `  field ${change.field}: added (${shape(after)})`
    case 'removed':
      return `  field ${change.field}: removed (was ${shape(before)})`
    case 'retyped':
      return `  field ${change.field}: retyped ${before.type} → ${after.type}`
    case 'rule_changed':
      return `  field ${change.field}: rule ${formatRule(before.rule)} → ${formatRule(after.rule)}`
  }
}

/** The summary's line (the ingest line's words), then the counts, then a line per field changed. */
export function summaryLines(id: string, summary: ChangeSummary, to: Pick<VersionInfo, 'primaryKey' | 'rowCount'>): string[] {
  const { added, removed, changed, unchanged } = summary.rows
  const matched = summary.matchedBy === 'primary_key' ? `by primary key (${to.primaryKey})` : 'by content'
  const delta = summary.rowCountDelta === 0 ? 'the same' : `${summary.rowCountDelta > 0 ? '+' : '−'}${Math.abs(summary.rowCountDelta).toLocaleString('en')}`
  const count = (n: number): string => n.toLocaleString('en')
  return [
    `${id}: version ${summary.to} against version ${summary.from}: ${describeChanges(summary)}`,
    `  rows matched ${matched}: ${count(added)} added, ${count(removed)} removed, ${count(changed)} changed, ${count(unchanged)} unchanged; ${count(to.rowCount)} rows (${delta})`,
    ...summary.fields.map(fieldLine),
  ]
}
