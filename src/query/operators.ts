import { FIELD_TYPES, type FieldType } from '../catalog/schema.ts'

/**
 * The allow-list of filter operators (SPEC §6.1), after Datasette's filters: each says which field
 * types it applies to and how many values it takes. Anything not in this table is a 400.
 * NULL semantics: eq/gt/…/contains never match null; ne and notin do (a null is "not equal").
 */
export const OPERATOR_NAMES = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notin', 'contains', 'startswith', 'isnull'] as const
export type Operator = (typeof OPERATOR_NAMES)[number]

export interface OperatorSpec {
  /** Field types the operator applies to. */
  types: ReadonlySet<FieldType>
  values: 'one' | 'list' | 'flag'
  describe: string
}

const ALL: ReadonlySet<FieldType> = new Set(FIELD_TYPES)
const ORDERED: ReadonlySet<FieldType> = new Set(['string', 'integer', 'number', 'date', 'datetime', 'year'])
const TEXT: ReadonlySet<FieldType> = new Set(['string'])

export const OPERATORS: Readonly<Record<Operator, OperatorSpec>> = {
  eq: { types: ALL, values: 'one', describe: 'equal to' },
  ne: { types: ALL, values: 'one', describe: 'not equal to (null included)' },
  gt: { types: ORDERED, values: 'one', describe: 'greater than' },
  gte: { types: ORDERED, values: 'one', describe: 'greater than or equal to' },
  lt: { types: ORDERED, values: 'one', describe: 'less than' },
  lte: { types: ORDERED, values: 'one', describe: 'less than or equal to' },
  in: { types: ALL, values: 'list', describe: 'one of the comma-separated values' },
  notin: { types: ALL, values: 'list', describe: 'none of the comma-separated values (null included)' },
  contains: { types: TEXT, values: 'one', describe: 'contains the text' },
  startswith: { types: TEXT, values: 'one', describe: 'starts with the text' },
  isnull: { types: ALL, values: 'flag', describe: 'is null (true) or is not null (false)' },
}

export function isOperator(name: string): name is Operator {
  return Object.hasOwn(OPERATORS, name)
}

export const MAX_LIST_VALUES = 100
