import type { IngestReport } from '../ingest/report.ts'
import type { StoredReport } from '../store/types.ts'
import { changeSummaryView } from './change-view.ts'

/**
 * A stored ingest report as GET /api/v1/admin/reports shows it (schemas/reports.ts): snake_case, null
 * for what a run did not reach. Reports are kept as written, so one written before a field existed lacks it.
 */
export function reportView(stored: StoredReport) {
  const report = stored.report as Partial<IngestReport>
  const { leakGuard, kAnonymity, encoding, timings } = report
  return {
    id: stored.id,
    dataset: stored.datasetId,
    status: stored.status,
    started_at: stored.startedAt,
    finished_at: timings?.finishedAt ?? null,
    version: report.version ?? null,
    source: report.source ?? null,
    encoding: encoding ? { encoding: encoding.encoding, bom: encoding.bom, detected_by: encoding.detectedBy } : null,
    error: report.error ?? null,
    rows: report.rows ?? { read: 0, published: 0, rejected: 0, suppressed: 0 },
    rejections: (report.rejections ?? []).map((r) => ({ row: r.row, line: r.line, field: r.field ?? null, reason: r.reason })),
    fields: (report.fields ?? []).map((f) => ({ name: f.name, type: f.type, pii: f.pii ?? null, rule: f.rule, published: f.published })),
    leak_guard: leakGuard
      ? {
        fields_scanned: leakGuard.fieldsScanned,
        rows_scanned: leakGuard.rowsScanned,
        findings: leakGuard.findings.map((f) => ({ field: f.field, detector: f.detector, count: f.count, first_rows: f.firstRows, example: f.example })),
      }
      : null,
    k_anonymity: kAnonymity
      ? {
        k: kAnonymity.k, quasi_identifiers: kAnonymity.quasiIdentifiers, on_violation: kAnonymity.onViolation, groups: kAnonymity.groups,
        smallest_group_size: kAnonymity.smallestGroupSize, groups_below_k: kAnonymity.groupsBelowK, rows_suppressed: kAnonymity.rowsSuppressed,
        first_rows_suppressed: kAnonymity.firstRowsSuppressed,
      }
      : null,
    files: report.files ?? [],
    pruned: report.pruned ?? [],
    changes: report.changes ? changeSummaryView(report.changes) : null,
    timings: {
      total_ms: timings?.totalMs ?? null, read_ms: timings?.readMs ?? null, index_ms: timings?.indexMs ?? null, materialise_ms: timings?.materialiseMs ?? null,
      changes_ms: timings?.changesMs ?? null,
    },
  }
}
