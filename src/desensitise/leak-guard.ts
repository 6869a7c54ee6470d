/**
 * The leak guard (SPEC §4.3): a streaming accumulator fed every published row (after the rules).
 *
 * Scanned: fields whose rule is `keep` (the default) — and `redact` fields, as a sanity check of the
 * redaction. Masked, hashed, generalised, suppressed and dropped fields are not scanned. In a scanned
 * field every string value is run through the personal detectors, and so is every number (integer
 * or not) with 10 integer digits or more, as its decimal text: a mobile or a card number in a numeric
 * column would otherwise slip through. (Numbers a double cannot hold exactly, such as 18-digit IDs,
 * never get here: coercion refuses them, ingest/coerce.ts.)
 *
 * A finding in a scanned field is a violation unless the field says `pii: none` with a non-blank
 * `reason` (then it is reported, not a violation). `count` counts values (a value holding two IDs
 * counts once for id_card); `firstRows` holds the first 5 row numbers; `example` is the first finding
 * masked with the preset of its kind — raw values never reach a finding or a message.
 */
import type { FieldSpec, PublicRow } from './types.ts'
import { DETECTORS, detectPersonal, type DetectorKind } from './detectors.ts'
import { maskFinding } from './redact.ts'
import { ruleKind } from '../catalog/schema.ts'

export interface LeakFinding {
  field: string
  detector: DetectorKind
  /** values containing at least one finding of this detector */
  count: number
  /** the first row numbers (at most 5) */
  firstRows: number[]
  /** the first finding, masked with the preset for its kind; never raw */
  example: string
}

export interface LeakGuard {
  /** the fields the guard scans, in field order */
  readonly scannedFields: readonly string[]
  scan(row: PublicRow, rowNumber: number): void
  rowsScanned(): number
  /** every finding, violations and exempt (pii: none + reason) fields alike */
  findings(): LeakFinding[]
  /** the findings that must fail the ingest */
  violations(): LeakFinding[]
}

export const MAX_ROWS_REPORTED = 5

const KINDS: readonly DetectorKind[] = DETECTORS.map((d) => d.kind)
const KIND_INDEX = new Map<DetectorKind, number>(KINDS.map((k, i) => [k, i]))

interface Acc {
  count: number
  firstRows: number[]
  example: string
  lastValue: number
}

interface FieldState {
  name: string
  exempt: boolean
  acc: Array<Acc | undefined>
}

/** Whether a field is exempt from violations: `pii: none` and a reason. */
export function isDeclaredNotPersonal(f: FieldSpec): boolean {
  return f.pii === 'none' && typeof f.reason === 'string' && f.reason.trim() !== ''
}

export function createLeakGuard(fields: readonly FieldSpec[]): LeakGuard {
  const states: FieldState[] = []
  for (const f of fields) {
    const kind = ruleKind(f.rule)
    if (kind === 'keep' || kind === 'redact') {
      states.push({ name: f.name, exempt: isDeclaredNotPersonal(f), acc: [] })
    }
  }
  let rows = 0
  let valueSeq = 0

  function collect(onlyViolations: boolean): LeakFinding[] {
    const out: LeakFinding[] = []
    for (const s of states) {
      if (onlyViolations && s.exempt) continue
      for (let i = 0; i < KINDS.length; i++) {
        const a = s.acc[i]
        if (a === undefined) continue
        out.push({
          field: s.name,
          detector: KINDS[i] as DetectorKind,
          count: a.count,
          firstRows: a.firstRows.slice(),
          example: a.example,
        })
      }
    }
    return out
  }

  return {
    scannedFields: states.map((s) => s.name),
    scan(row: PublicRow, rowNumber: number): void {
      rows++
      for (const s of states) {
        const v = row[s.name]
        let text: string
        if (typeof v === 'string') text = v
        else if (typeof v === 'number' && Math.abs(v) >= 1e9) text = String(v)
        else continue
        const found = detectPersonal(text)
        if (found.length === 0) continue
        const seq = ++valueSeq
        for (const f of found) {
          const i = KIND_INDEX.get(f.kind) as number
          let a = s.acc[i]
          if (a === undefined) {
            a = { count: 0, firstRows: [], example: maskFinding(f), lastValue: 0 }
            s.acc[i] = a
          }
          if (a.lastValue === seq) continue
          a.lastValue = seq
          a.count++
          if (a.firstRows.length < MAX_ROWS_REPORTED) a.firstRows.push(rowNumber)
        }
      }
    },
    rowsScanned: () => rows,
    findings: () => collect(false),
    violations: () => collect(true),
  }
}

/**
 * `field "remark": 3 values contain id_card (rows 4, 9, 17); e.g. "110105********002X"; set a
 * desensitising rule, or pii: none with a reason` — built from a LeakFinding only, so no raw value.
 */
export function formatLeakViolation(f: LeakFinding): string {
  const more = f.count > f.firstRows.length ? ', …' : ''
  const values = f.count === 1 ? '1 value contains' : `${f.count} values contain`
  const rows = `${f.count === 1 ? 'row' : 'rows'} ${f.firstRows.join(', ')}${more}`
  return (
    `field "${f.field}": ${values} ${f.detector} (${rows}); e.g. "${f.example}"; ` +
    'set a desensitising rule, or pii: none with a reason'
  )
}
