import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox'
import { GRADES, OPEN_ATTRIBUTES } from '../config/grades.ts'
import { DATE_PATTERN } from '../support/calendar-date.ts'

/**
 * The catalog file format (SPEC §2) as one TypeBox schema: the validator checks files against it,
 * the types below are derived from it, and `gongkai schema` prints it as documentation.
 * `errorMessage` replaces TypeBox's generic wording where a steward needs to see the allowed values.
 */

function oneOf<const T extends readonly string[]>(values: T, what: string): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { errorMessage: `unknown ${what}; expected one of ${values.join(', ')}`, description: `one of ${values.join(', ')}` },
  )
}

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'year'] as const
export const PII_KINDS = ['name', 'id_card', 'mobile', 'phone', 'bank_card', 'email', 'address', 'plate', 'passport', 'none'] as const
/** Rules written by name alone (mask also takes options: { mask: { keep_start, keep_end } }). */
export const SIMPLE_RULES = ['keep', 'mask', 'hash', 'suppress', 'drop', 'redact'] as const
/** Every rule by name, whatever its syntax: generalize is written only with its option. */
export const RULE_KINDS = [...SIMPLE_RULES, 'generalize'] as const
export const GENERALIZE_KEYWORDS = ['year', 'month', 'district', 'birth_year'] as const
export const UPDATE_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'irregular'] as const
export const ENCODINGS = ['utf-8', 'gb18030', 'auto'] as const

/**
 * Fields of one dataset: a published version is one SQLite table, whose limit is 2,000 columns; half
 * that leaves room for the internal row column and the queries' own columns, and is more than any
 * government table we know of needs.
 */
export const MAX_FIELDS = 1000

/** What a field name looks like (also how ingest tells a header cell from a data cell in messages). */
export const NAME_PATTERN = '^[a-z_][a-z0-9_]*$'
const ID_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$'

const Strict = { additionalProperties: false } as const

export const GeneralizeSchema = Type.Union(
  [...GENERALIZE_KEYWORDS.map((k) => Type.Literal(k) as TLiteral<(typeof GENERALIZE_KEYWORDS)[number]>), Type.Object({ bucket: Type.Integer({ minimum: 1 }) }, Strict)],
  { errorMessage: `unknown generalisation; expected one of ${GENERALIZE_KEYWORDS.join(', ')} or { bucket: n }` },
)

export const RuleSchema = Type.Union(
  [
    ...SIMPLE_RULES.map((r) => Type.Literal(r) as TLiteral<(typeof SIMPLE_RULES)[number]>),
    Type.Object(
      { mask: Type.Object({ keep_start: Type.Integer({ minimum: 0 }), keep_end: Type.Integer({ minimum: 0 }) }, Strict) },
      Strict,
    ),
    Type.Object({ generalize: GeneralizeSchema }, Strict),
  ],
  {
    errorMessage: `unknown rule; expected one of ${SIMPLE_RULES.join(', ')}, { mask: { keep_start, keep_end } } or { generalize: … }`,
    description: 'desensitisation rule (SPEC §4.1); default keep',
  },
)

export const ConstraintsSchema = Type.Object(
  {
    required: Type.Optional(Type.Boolean()),
    unique: Type.Optional(Type.Boolean()),
    minimum: Type.Optional(Type.Union([Type.Number(), Type.String()])),
    maximum: Type.Optional(Type.Union([Type.Number(), Type.String()])),
    minLength: Type.Optional(Type.Integer({ minimum: 0 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 0 })),
    pattern: Type.Optional(Type.String()),
    enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { minItems: 1 })),
  },
  Strict,
)

export const FieldSchema = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, errorMessage: `must match ${NAME_PATTERN} (lower-case letters, digits, _)` }),
    type: oneOf(FIELD_TYPES, 'type'),
    title: Type.String({ minLength: 1 }),
    title_en: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    unit: Type.Optional(Type.String()),
    index: Type.Optional(Type.Boolean()),
    searchable: Type.Optional(Type.Boolean()),
    constraints: Type.Optional(ConstraintsSchema),
    pii: Type.Optional(oneOf(PII_KINDS, 'pii kind')),
    rule: Type.Optional(RuleSchema),
    reason: Type.Optional(Type.String({ minLength: 1, description: 'why a field marked pii: none may be published as is' })),
  },
  Strict,
)

export const SourceSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'relative to the datasets directory' }),
    encoding: Type.Optional(oneOf(ENCODINGS, 'encoding')),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    on_error: Type.Optional(oneOf(['fail', 'skip'] as const, 'on_error')),
  },
  Strict,
)

export const PrivacySchema = Type.Object(
  {
    quasi_identifiers: Type.Array(Type.String(), { minItems: 1 }),
    k: Type.Integer({ minimum: 2 }),
    on_violation: Type.Optional(oneOf(['suppress', 'fail'] as const, 'on_violation')),
  },
  Strict,
)

export const CatalogEntrySchema = Type.Object(
  {
    id: Type.String({ pattern: ID_PATTERN, maxLength: 64, errorMessage: 'must be lower-case letters, digits and single dashes' }),
    title: Type.String({ minLength: 1 }),
    title_en: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    provider: Type.Object({ name: Type.String({ minLength: 1 }), code: Type.Optional(Type.String()) }, Strict),
    theme: Type.String({ minLength: 1 }),
    keywords: Type.Optional(Type.Array(Type.String())),
    grade: Type.Union(GRADES.map((g) => Type.Literal(g) as TLiteral<(typeof GRADES)[number]>), { errorMessage: 'must be 1, 2, 3 or 4' }),
    open: oneOf(OPEN_ATTRIBUTES, 'open attribute'),
    license: Type.Optional(Type.String()),
    update_frequency: Type.Optional(oneOf(UPDATE_FREQUENCIES, 'update_frequency')),
    temporal: Type.Optional(
      Type.Object(
        {
          start: Type.Optional(Type.String({ pattern: DATE_PATTERN, errorMessage: 'must be a date YYYY-MM-DD' })),
          end: Type.Optional(Type.String({ pattern: DATE_PATTERN, errorMessage: 'must be a date YYYY-MM-DD' })),
        },
        Strict,
      ),
    ),
    spatial: Type.Optional(Type.String()),
    source: Type.Optional(SourceSchema),
    primary_key: Type.Optional(Type.String()),
    fields: Type.Array(FieldSchema, { minItems: 1, description: `at most ${MAX_FIELDS}` }),
    privacy: Type.Optional(PrivacySchema),
  },
  Strict,
)

export const ThemeSchema = Type.Object({ name: Type.String({ minLength: 1 }), name_en: Type.String({ minLength: 1 }) }, Strict)
export const ThemesFileSchema = Type.Array(ThemeSchema, { minItems: 1 })

export type CatalogEntry = Static<typeof CatalogEntrySchema>
export type CatalogField = Static<typeof FieldSchema>
export type FieldType = CatalogField['type']
export type Rule = Static<typeof RuleSchema>
export type Generalize = Static<typeof GeneralizeSchema>
export type RuleKind = (typeof RULE_KINDS)[number]
export type Theme = Static<typeof ThemeSchema>
export type PiiKind = NonNullable<CatalogField['pii']>

/** The name of a rule, whatever its syntax (undefined is the default, keep). */
export function ruleKind(rule: Rule | undefined): RuleKind {
  if (rule === undefined) return 'keep'
  if (typeof rule === 'string') return rule
  if (rule !== null && typeof rule === 'object') {
    if ('mask' in rule) return 'mask'
    if ('generalize' in rule) return 'generalize'
  }
  throw new Error(`unknown rule ${JSON.stringify(rule)}`)
}
