import type { LeakFinding } from '../desensitise/index.ts'
import { describeChanges } from '../changes/describe.ts'
import type { ChangeSummary } from '../store/change-types.ts'
import type { DetectedEncoding } from './decode.ts'

/** What one ingest run did (SPEC §5): kept in the store, printed by the CLI, served to admins. */
export interface Rejection {
  /** Data row (1 = first row after the header). */
  row: number
  /** Line of the file where the row starts. */
  line: number
  field?: string
  reason: string
}

export interface FieldReport {
  name: string
  type: string
  pii?: string
  rule: unknown
  published: boolean
}

export interface IngestReport {
  dataset: string
  /** `checked`: a dry run that found nothing wrong; it would have been published. */
  status: 'published' | 'failed' | 'unchanged' | 'checked'
  version?: number
  source?: string
  encoding?: DetectedEncoding
  rows: { read: number; published: number; rejected: number; suppressed: number }
  /** The first rejections (at most MAX_LISTED_REJECTIONS); `rows.rejected` counts them all. */
  rejections: Rejection[]
  fields: FieldReport[]
  /** What the leak guard scanned and every identifier it found (masked examples only). */
  leakGuard?: { fieldsScanned: string[]; rowsScanned: number; findings: LeakFinding[] }
  kAnonymity?: {
    k: number
    quasiIdentifiers: string[]
    onViolation: 'suppress' | 'fail'
    groups: number
    smallestGroupSize: number
    groupsBelowK: number
    rowsSuppressed: number
    firstRowsSuppressed: number[]
  }
  /** The bulk files written for the version (materialise/): format, size and SHA-256. */
  files?: Array<{ format: string; bytes: number; sha256: string }>
  pruned?: number[]
  /** What the published version changed against the one served before it (absent for a first version). */
  changes?: ChangeSummary
  error?: string
  timings: { startedAt: string; finishedAt?: string; totalMs?: number; readMs?: number; indexMs?: number; materialiseMs?: number; changesMs?: number }
}

export const MAX_LISTED_REJECTIONS = 100

/** `row 3 (line 4), field "aqi": expected an integer, got "abc"`: reasons show source values masked (describe-value.ts). */
export function describeRejection(rejection: Rejection): string {
  return `row ${rejection.row} (line ${rejection.line})${rejection.field ? `, field "${rejection.field}"` : ''}: ${rejection.reason}`
}

export function summarise(report: IngestReport): string {
  const { rows } = report
  const ms = report.timings.totalMs ?? 0
  const rate = ms > 0 ? ` (${Math.round((rows.read * 1000) / ms).toLocaleString('en')} rows/s)` : ''
  switch (report.status) {
    case 'unchanged':
      return `${report.dataset}: unchanged (version ${report.version ?? '-'})`
    case 'published':
    case 'checked': {
      const extra = [
        rows.rejected ? `${rows.rejected} rejected` : '',
        rows.suppressed ? `${rows.suppressed} suppressed for k-anonymity` : '',
      ].filter(Boolean).join(', ')
      const outcome = report.status === 'published' ? `published version ${report.version}` : 'would publish'
      const changes = report.changes ? `; since version ${report.changes.from}: ${describeChanges(report.changes)}` : ''
      return `${report.dataset}: ${outcome}: ${rows.published.toLocaleString('en')} of ${rows.read.toLocaleString('en')} rows${extra ? `, ${extra}` : ''}, ${report.encoding?.encoding ?? ''} in ${(ms / 1000).toFixed(2)} s${rate}${changes}`
    }
    case 'failed':
      return `${report.dataset}: FAILED: ${report.error ?? 'unknown error'}`
  }
}
