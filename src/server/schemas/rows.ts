import { Type } from '@sinclair/typebox'
import { MAX_LIMIT } from '../../query/row-query.ts'
import { OPERATOR_NAMES } from '../../query/operators.ts'

const Param = (description: string) => Type.Optional(Type.String({ description }))
const FilterValue = Type.Union([Type.String(), Type.Array(Type.String())])

/**
 * Control parameters are declared for the documentation; their values, and the filters (any field
 * name, with `__op`), are checked by the query parser, which names the parameter in every 400.
 */
export const RowsQuery = Type.Object(
  {
    _fields: Param('comma-separated fields to return'),
    _sort: Param('comma-separated sort keys, `-` for descending; the primary key breaks ties'),
    _limit: Param(`rows per page, 1 to ${MAX_LIMIT} (default 100)`),
    _cursor: Param('opaque keyset token: the previous page\'s `next`'),
    _search: Param('full text over the searchable fields; Chinese substrings match'),
    _count: Param('`exact` to count the rows of a filtered query'),
    _format: Param('json (default), csv or arrow; also chosen by Accept: text/csv, application/vnd.apache.arrow.stream'),
  },
  {
    additionalProperties: FilterValue,
    description: `Filters: field=value, or field__op=value with op in ${OPERATOR_NAMES.join(', ')} (in/notin comma-separated, isnull true|false).`,
  },
)

export const RowsResponse = Type.Object({
  version: Type.Integer(),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  next: Type.Union([Type.String(), Type.Null()], { description: 'cursor of the next page, null on the last page' }),
  total: Type.Optional(Type.Integer({ description: 'rows matching: always for an unfiltered query, with _count=exact otherwise' })),
})

export const AggregateQuery = Type.Object(
  {
    _group_by: Param('comma-separated fields to group by'),
    _agg: Param('comma-separated aggregates: count, sum:field, avg:field, min:field, max:field (default count)'),
    _sort: Param('comma-separated group keys or aggregates (sum_amount or sum:amount), `-` for descending'),
    _limit: Param('at most this many groups (default 1000, at most 10000)'),
    _search: Param('full text over the searchable fields'),
    _format: Param('json (default), csv or arrow'),
  },
  { additionalProperties: FilterValue, description: 'Filters as for rows.' },
)

export const AggregateResponse = Type.Object({
  version: Type.Integer(),
  groups: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  truncated: Type.Boolean({ description: 'more groups matched than _limit' }),
})
