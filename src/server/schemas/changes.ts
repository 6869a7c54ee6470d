import { Type } from '@sinclair/typebox'

/** Schemas of change tracking (issue 12): a version's change summary. */
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
