/**
 * Ajv's validation issues (Fastify's error.validation) as the `errors` of a 400 problem: one message
 * per thing wrong, naming the parameter. A union (a TypeBox Union of literals is an anyOf of consts)
 * fails with one issue per alternative plus one for the union; they are said once, as the union:
 * "tier: expected one of registered, partner, admin", not "must be equal to constant" three times.
 */
export interface ValidationIssue {
  instancePath: string
  schemaPath?: string
  keyword?: string
  message?: string
  params?: Record<string, unknown>
}

export interface ValidationError {
  path: string
  message: string
}

const UNIONS = new Set(['anyOf', 'oneOf'])

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))

/**
 * Whether `inner` was found while checking one of the alternatives of the union `union`: below it in the
 * schema, and at or below the same value (array items share one schema path but not their instance path).
 */
function isAlternativeOf(inner: ValidationIssue, union: ValidationIssue): boolean {
  const sameValue = inner.instancePath === union.instancePath || inner.instancePath.startsWith(`${union.instancePath}/`)
  return inner !== union && sameValue && union.schemaPath !== undefined && inner.schemaPath?.startsWith(`${union.schemaPath}/`) === true
}

const isUnion = (issue: ValidationIssue): boolean => issue.keyword !== undefined && UNIONS.has(issue.keyword)

/** The issues of a union's own alternatives, not those of unions nested in them. */
function directAlternatives(union: ValidationIssue, all: readonly ValidationIssue[]): ValidationIssue[] {
  const inside = all.filter((i) => isAlternativeOf(i, union))
  return inside.filter((i) => !inside.some((middle) => isAlternativeOf(i, middle)))
}

/** The values an issue allows when it is a literal, an enum, or a union of those (nested or not). */
function allowedValues(issue: ValidationIssue, all: readonly ValidationIssue[]): unknown[] | undefined {
  if (issue.keyword === 'const') return [issue.params?.allowedValue]
  if (issue.keyword === 'enum' && Array.isArray(issue.params?.allowedValues)) return issue.params.allowedValues
  if (!isUnion(issue)) return undefined
  const direct = directAlternatives(issue, all)
  const alternatives = direct.map((a) => (a.instancePath === issue.instancePath ? allowedValues(a, all) : undefined))
  return alternatives.length && alternatives.every((v) => v !== undefined) ? [...new Set(alternatives.flat())] : undefined
}

/** A union's issues by the alternative they belong to (`…/anyOf/1/…` → the second). */
function alternativeGroups(union: ValidationIssue, all: readonly ValidationIssue[]): ValidationIssue[][] {
  const groups = new Map<string, ValidationIssue[]>()
  for (const issue of directAlternatives(union, all)) {
    const branch = (issue.schemaPath as string).slice((union.schemaPath as string).length + 1).split('/')[0] as string
    groups.set(branch, [...(groups.get(branch) ?? []), issue])
  }
  return [...groups.values()]
}

/** The dotted name of what an issue is about: its value's path and the property it misses or should not have. */
function dotted(issue: ValidationIssue, from = ''): string {
  const property = issue.params?.additionalProperty ?? issue.params?.missingProperty
  const pointer = issue.instancePath.slice(from.length).replace(/^\//, '').replace(/\//g, '.')
  return [pointer, typeof property === 'string' ? property : ''].filter(Boolean).join('.')
}

function describe(issue: ValidationIssue, all: readonly ValidationIssue[], context: string | undefined): string {
  const values = allowedValues(issue, all)
  if (values) return values.length === 1 ? `expected ${shown(values[0])}` : `expected one of ${values.map(shown).join(', ')}`
  if (isUnion(issue)) {
    // each alternative with what is wrong under it, named relative to the union's value
    const said = alternativeGroups(issue, all).map((group) => [...new Set(group.map((a) => {
      const inner = dotted(a, issue.instancePath)
      return `${inner ? `${inner}: ` : ''}${describe(a, all, context)}`
    }))].join(', '))
    if (said.length) return [...new Set(said)].join(' or ')
  }
  if (issue.params?.additionalProperty !== undefined) return context === 'body' ? 'unknown property' : 'unknown parameter'
  if (issue.params?.missingProperty !== undefined) return 'is required'
  return issue.message ?? 'invalid'
}

function pathOf(issue: ValidationIssue, context: string | undefined): string {
  const name = dotted(issue)
  // query parameters are named as written in the URL; a body property as body.name
  const where = context === 'querystring' || context === 'params' ? name : [context, name].filter(Boolean).join('.')
  return where || (context ?? '')
}

export function validationErrors(issues: readonly ValidationIssue[], context: string | undefined): ValidationError[] {
  const unions = issues.filter(isUnion)
  const errors: ValidationError[] = []
  const said = new Set<string>()
  for (const issue of issues) {
    // an alternative's issue is said by its union
    if (unions.some((u) => isAlternativeOf(issue, u))) continue
    const error = { path: pathOf(issue, context), message: describe(issue, issues, context) }
    const key = `${error.path}\n${error.message}`
    if (said.has(key)) continue
    said.add(key)
    errors.push(error)
  }
  return errors
}
