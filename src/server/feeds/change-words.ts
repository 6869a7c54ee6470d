import { ruleKind } from '../../catalog/schema.ts'
import type { ChangeSummary, FieldChange } from '../../store/change-types.ts'

/**
 * A version's change summary in plain words, for people reading a feed: how many rows were added,
 * removed and changed, and what happened to which field. Counts and field names only: no value of a
 * row is ever part of a summary.
 */
const count = (n: number): string => n.toLocaleString('en')

export const rowsWord = (n: number): string => `${count(n)} ${n === 1 ? 'row' : 'rows'}`

const signed = (n: number): string => (n > 0 ? `+${count(n)}` : n < 0 ? `-${count(-n)}` : '±0')

/** "Against version 2, rows matched by primary key: 2 added, 1 removed, 1 changed, 116 unchanged; row count +1." */
export function rowChangeWords(summary: ChangeSummary): string {
  const { added, removed, changed, unchanged } = summary.rows
  // matched by content (no primary key), an edited row is one removed and one added: "changed" never happens
  const counts = summary.matchedBy === 'primary_key'
    ? `rows matched by primary key: ${count(added)} added, ${count(removed)} removed, ${count(changed)} changed, ${count(unchanged)} unchanged`
    : `rows matched by content (no primary key): ${count(added)} added, ${count(removed)} removed, ${count(unchanged)} unchanged`
  return `Against version ${summary.from}, ${counts}; row count ${signed(summary.rowCountDelta)}.`
}

function fieldChangeWords(change: FieldChange): string {
  const { field, before, after } = change
  switch (change.change) {
    case 'added': return after ? `${field} added (${after.type})` : `${field} added`
    case 'removed': return `${field} removed`
    case 'retyped': return `${field} retyped from ${before?.type ?? '?'} to ${after?.type ?? '?'}`
    case 'rule_changed': {
      const from = ruleKind(before?.rule)
      const to = ruleKind(after?.rule)
      return from === to ? `${field}: desensitising rule ${to} set differently` : `${field}: desensitising rule changed from ${from} to ${to}`
    }
  }
}

/** "aqi retyped from integer to number; note added (string)" */
export function fieldChangesWords(fields: readonly FieldChange[]): string {
  return fields.map(fieldChangeWords).join('; ')
}
