import { Type } from '@sinclair/typebox'
import { DATASET_SORTS } from '../../store/types.ts'
import { OPEN_ATTRIBUTES } from '../../config/grades.ts'
import { UPDATE_FREQUENCIES } from '../../catalog/schema.ts'
import { DistributionSchema } from './downloads.ts'
import { ChangeSummarySchema } from './changes.ts'

export const DatasetListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'full text over titles, descriptions, keywords and field titles; Chinese substrings match' })),
    theme: Type.Optional(Type.String()),
    grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    open: Type.Optional(Type.Union(OPEN_ATTRIBUTES.map((o) => Type.Literal(o)))),
    provider: Type.Optional(Type.String()),
    update_frequency: Type.Optional(Type.Union(UPDATE_FREQUENCIES.map((f) => Type.Literal(f)), { description: 'the update frequency the catalog states' })),
    keyword: Type.Optional(Type.String()),
    updated_since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}', description: 'date or date-time (ISO 8601)' })),
    sort: Type.Optional(Type.Union(DATASET_SORTS.map((s) => Type.Literal(s)), { default: 'id' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)

const Facet = Type.Array(Type.Object({ value: Type.Union([Type.String(), Type.Integer()]), count: Type.Integer() }))

export const DatasetSummarySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  title_en: Type.Optional(Type.String()),
  theme: Type.String(),
  grade: Type.Integer(),
  open: Type.String(),
  provider: Type.String(),
  keywords: Type.Array(Type.String()),
  updated_at: Type.String(),
  row_count: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Union([Type.Integer(), Type.Null()]),
})

export const DatasetListResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  items: Type.Array(DatasetSummarySchema),
  facets: Type.Object({
    theme: Facet, grade: Facet, open: Facet, provider: Facet,
    update_frequency: Type.Array(Facet.items, { description: 'datasets stating no update frequency are not counted' }),
  }),
  links: Type.Object({ feed: Type.String({ description: 'Atom feed of the whole catalog; /feeds/themes/{theme}.atom and /feeds/providers/{name}.atom follow one theme or provider' }) }),
})

const FieldSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  title: Type.String(),
  title_en: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  unit: Type.Optional(Type.String()),
  pii: Type.Optional(Type.String()),
  rule: Type.Unknown({ description: 'desensitisation rule applied on ingest' }),
  index: Type.Boolean(),
  searchable: Type.Boolean(),
  constraints: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})

export const DatasetDetailResponse = Type.Object({
  id: Type.String(),
  title: Type.String(),
  title_en: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  provider: Type.Object({ name: Type.String(), code: Type.Optional(Type.String()) }),
  theme: Type.String(),
  keywords: Type.Array(Type.String()),
  grade: Type.Integer(),
  grade_meaning: Type.String(),
  open: Type.String(),
  license: Type.Optional(Type.String()),
  update_frequency: Type.Optional(Type.String()),
  temporal: Type.Optional(Type.Object({ start: Type.Optional(Type.String()), end: Type.Optional(Type.String()) })),
  spatial: Type.Optional(Type.String()),
  updated_at: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  row_count: Type.Union([Type.Integer(), Type.Null()]),
  primary_key: Type.Optional(Type.String()),
  fields: Type.Array(FieldSchema),
  privacy: Type.Optional(Type.Object({ quasi_identifiers: Type.Array(Type.String()), k: Type.Integer(), on_violation: Type.Optional(Type.String()) })),
  distributions: Type.Array(DistributionSchema, { description: 'bulk files of the current version; empty for closed datasets' }),
  versions: Type.Array(Type.Object({
    version: Type.Integer(),
    published_at: Type.String(),
    row_count: Type.Integer(),
    // what changed against the version served before it, computed at publication; absent for a first version
    changes: Type.Optional(ChangeSummarySchema),
    links: Type.Optional(Type.Object({ changes: Type.String({ description: 'the changed rows, page by page' }) })),
  }), { description: 'kept versions, newest first' }),
  withdrawn: Type.Array(
    Type.Object({
      version: Type.Integer(),
      withdrawn_at: Type.String(),
      withdrawn_by: Type.Union([Type.Literal('catalog'), Type.Literal('operator')], { description: 'catalog: the entry became stricter than the one the version was built under; operator: gongkai purge' }),
      reasons: Type.Array(Type.String()),
    }),
    { description: 'versions no longer served, newest first; their rows and files are deleted. version is null while the current one is among them' },
  ),
  links: Type.Object({
    self: Type.String(),
    feed: Type.String({ description: 'Atom feed of this dataset: published versions with their change summary, schema changes, closing' }),
    rows: Type.Optional(Type.String()),
  }),
})
