import type { ChangeSummary } from '../store/change-types.ts'

/** A change summary as the API shows it (schemas/changes.ts): the store's record in the API's snake_case. */
export function changeSummaryView(summary: ChangeSummary) {
  return {
    from: summary.from,
    to: summary.to,
    matched_by: summary.matchedBy,
    rows: summary.rows,
    row_count_delta: summary.rowCountDelta,
    fields: summary.fields,
  }
}
