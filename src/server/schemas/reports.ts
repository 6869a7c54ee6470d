import { Type, type TSchema } from '@sinclair/typebox'
import { ChangeSummarySchema } from './changes.ts'

/** Schemas of GET /api/v1/admin/reports[/{dataset}]: ingest reports (SPEC §5) as kept in the store. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Count = Type.Integer({ minimum: 0 })

export const MAX_REPORTS_PER_PAGE = 100

export const ReportQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REPORTS_PER_PAGE, default: 20, description: 'reports per page' })),
    cursor: Type.Optional(Type.String({ maxLength: 100, description: 'opaque token: the previous page\'s `next`' })),
  },
  { additionalProperties: false },
)

export const ReportDatasetParams = Type.Object({ dataset: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64 }) })

const Rejection = Type.Object({
  row: Type.Integer({ description: 'data row (1 = the first row after the header)' }),
  line: Type.Integer({ description: 'line of the source file where the row starts' }),
  field: Nullable(Type.String()),
  reason: Type.String({ description: 'what was expected; source values in it are masked or redacted' }),
})

const Report = Type.Object({
  id: Type.Integer(),
  dataset: Type.String(),
  status: Type.String({ description: 'published, failed' }),
  started_at: Type.String({ description: 'ISO 8601 instant' }),
  finished_at: Nullable(Type.String()),
  version: Nullable(Type.Integer({ description: 'the version published' })),
  source: Nullable(Type.String()),
  encoding: Nullable(Type.Object({ encoding: Type.String(), bom: Type.Boolean(), detected_by: Type.String() })),
  error: Nullable(Type.String({ description: 'why a failed ingest failed' })),
  rows: Type.Object({ read: Count, published: Count, rejected: Count, suppressed: Count }),
  rejections: Type.Array(Rejection, { description: 'the first rejected rows (at most 100; rows.rejected counts all)' }),
  fields: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), pii: Nullable(Type.String()), rule: Type.Unknown(), published: Type.Boolean() })),
  leak_guard: Nullable(Type.Object({
    fields_scanned: Type.Array(Type.String()),
    rows_scanned: Count,
    findings: Type.Array(Type.Object({
      field: Type.String(), detector: Type.String(), count: Count, first_rows: Type.Array(Type.Integer()),
      example: Type.String({ description: 'the first finding, masked' }),
    })),
  })),
  k_anonymity: Nullable(Type.Object({
    k: Type.Integer(), quasi_identifiers: Type.Array(Type.String()), on_violation: Type.String(), groups: Count,
    smallest_group_size: Count, groups_below_k: Count, rows_suppressed: Count,
    first_rows_suppressed: Type.Array(Type.Integer(), { description: 'row numbers only, never the values of a small group' }),
  })),
  files: Type.Array(Type.Object({ format: Type.String(), bytes: Count, sha256: Type.String() })),
  pruned: Type.Array(Type.Integer(), { description: 'old versions removed when this one was published' }),
  changes: Nullable(ChangeSummarySchema),
  timings: Type.Object({
    total_ms: Nullable(Count), read_ms: Nullable(Count), index_ms: Nullable(Count), materialise_ms: Nullable(Count),
    changes_ms: Nullable(Count),
  }),
})

export const ReportPage = Type.Object({
  items: Type.Array(Report, { description: 'newest first' }),
  next: Nullable(Type.String({ description: 'cursor of the next (older) page, null on the last page' })),
})
