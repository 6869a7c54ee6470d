import type { ChangeSummary, FieldChange } from '../store/change-types.ts'

/**
 * A change summary in one line, for the CLI and the ingest report's line: `+12 −3 ~40 rows, 1 field
 * retyped`. Rows matched by content have no "changed" (a changed row is one removed and one added), which
 * the line says rather than showing ~0.
 */
const FIELD_WORDS: ReadonlyArray<[FieldChange['change'], string]> = [
  ['added', 'added'], ['removed', 'removed'], ['retyped', 'retyped'], ['rule_changed', 'with another rule'],
]

const count = (n: number): string => n.toLocaleString('en')

export function describeRows(summary: ChangeSummary): string {
  const { added, removed, changed } = summary.rows
  if (added + removed + changed === 0) return 'no row changed'
  return summary.matchedBy === 'content'
    ? `+${count(added)} −${count(removed)} rows (matched by content)`
    : `+${count(added)} −${count(removed)} ~${count(changed)} rows`
}

export function describeFields(fields: readonly FieldChange[]): string[] {
  return FIELD_WORDS.flatMap(([change, words]) => {
    const n = fields.filter((f) => f.change === change).length
    return n === 0 ? [] : [`${n} field${n === 1 ? '' : 's'} ${words}`]
  })
}

export function describeChanges(summary: ChangeSummary): string {
  return [describeRows(summary), ...describeFields(summary.fields)].join(', ')
}
