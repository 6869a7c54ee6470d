import { Type, type Static } from '@sinclair/typebox'

/**
 * The query string of a dataset page: every preview and chart state is a shareable URL that works
 * without JavaScript. Preview: `sort` (a field, `-field` descending), `f.<field>` equality filters on
 * indexed fields, `cursor` (the preview's next page). Chart: `group` (a field), `measure` (`count` or
 * `sum|avg|min|max:<number field>`), `chart` (bar | line | pie).
 */
export const DatasetPageQuery = Type.Object({
  lang: Type.Optional(Type.String()),
  sort: Type.Optional(Type.String({ maxLength: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 4000 })),
  group: Type.Optional(Type.String({ maxLength: 200 })),
  measure: Type.Optional(Type.String({ maxLength: 200 })),
  chart: Type.Optional(Type.Union([Type.Literal('bar'), Type.Literal('line'), Type.Literal('pie')])),
}, { additionalProperties: Type.String({ maxLength: 1000 }) })
export type DatasetPageQuery = Static<typeof DatasetPageQuery>

/** The prefix of a preview filter parameter: `f.district=东城区`. */
export const FILTER_PREFIX = 'f.'
