import { describeRejection, summarise, type IngestReport } from '../ingest/report.ts'
import type { Output } from './output.ts'

/** Rejections printed under a summary; the report keeps up to MAX_LISTED_REJECTIONS, the count keeps all. */
export const PRINTED_REJECTIONS = 10

/**
 * One report as the CLI prints it: its summary line, then the first rejections of an `on_error: skip`
 * source (so that skipped rows are seen, not only counted) and where the rest are. A failed dataset goes
 * to stderr. A dry run says so on every line, since nothing it prints was published.
 */
export function printReport(report: IngestReport, out: Output, dryRun: boolean): void {
  const print = (line: string): void => (report.status === 'failed' ? out.error(line) : out.log(line))
  print(`${summarise(report)}${dryRun ? ' (dry run: nothing published)' : ''}`)
  const listed = report.rejections.slice(0, PRINTED_REJECTIONS)
  for (const rejection of listed) print(`  rejected ${describeRejection(rejection)}`)
  const more = report.rows.rejected - listed.length
  if (more > 0) {
    const where = dryRun ? 'a dry run keeps no report' : `see the report: GET /api/v1/admin/reports/${report.dataset}`
    print(`  … and ${more.toLocaleString('en')} more (${where})`)
  }
}
