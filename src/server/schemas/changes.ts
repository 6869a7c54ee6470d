import { Type } from '@sinclair/typebox'
import { MAX_LIMIT } from '../../query/row-query.ts'

/** Schemas of change tracking (issue 12): a version's change summary, and GET …/versions/{version}/changes. */
const Count = Type.Integer({ minimum: 0 })
const Shape = Type.Object({ type: Type.String(), rule: Type.Unknown({ description: 'desensitisation rule, as in fields[].rule' }) })

export const ChangeSummarySchema = Type.Object({
  from: Type.Integer({ description: 'the version compared against' }),
  to: Type.Integer(),
  matched_by: Type.Union([Type.Literal('primary_key'), Type.Literal('content')], {
    description: 'primary_key: rows matched by the key both versions have; content: rows matched by their values, as a multiset (a changed row is one removed and one added)',
  }),
  rows: Type.Object({ added: Count, removed: Count, changed: Count, unchanged: Count }, {
    description: 'a row is changed when a field both versions have holds another value; fields added or removed are listed in fields, not counted as changes of every row',
  }),
  row_count_delta: Type.Integer(),
  fields: Type.Array(Type.Object({
    field: Type.String(),
    change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('retyped'), Type.Literal('rule_changed')]),
    before: Type.Optional(Shape),
    after: Type.Optional(Shape),
  })),
})

export const ChangesParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64 }),
  version: Type.Integer({ minimum: 1, description: 'the version whose changes are listed' }),
})

const Param = (description: string) => Type.Optional(Type.String({ description }))

/** Values are checked by the route (server/changes-query.ts), which names the parameter in every 400. */
export const ChangesQuery = Type.Object(
  {
    from: Param('the earlier version to compare with (default: the one the summary was computed against, else the newest kept one before it)'),
    _limit: Param(`changes per page, 1 to ${MAX_LIMIT} (default 100)`),
    _cursor: Param('opaque token: the previous page\'s `next`'),
    _format: Param('json (default), csv or ndjson; also chosen by Accept: text/csv, application/x-ndjson'),
  },
  { additionalProperties: false },
)

const Row = Type.Record(Type.String(), Type.Unknown())

export const ChangesResponse = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  summary: ChangeSummarySchema,
  rows: Type.Array(Type.Object({
    op: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
    key: Type.Unknown({ description: 'the primary-key value; null for rows matched by content' }),
    before: Type.Optional(Row),
    after: Type.Optional(Row),
  })),
  next: Type.Union([Type.String(), Type.Null()], { description: 'cursor of the next page, null on the last page; a page may be short (even empty) when its scan budget ran out first' }),
})
