import { Type } from '@sinclair/typebox'

export const MAX_ROWS_LIMIT = 10000

export const RowsQuery = Type.Object(
  {
    _limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROWS_LIMIT, default: 100, description: 'rows per page' })),
    _cursor: Type.Optional(Type.String({ maxLength: 2000, description: 'opaque keyset token: the previous page\'s `next`' })),
  },
  { additionalProperties: false },
)

export const RowsResponse = Type.Object({
  version: Type.Integer(),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  next: Type.Union([Type.String(), Type.Null()], { description: 'cursor of the next page, null on the last page' }),
})
