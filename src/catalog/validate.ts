import { parseDocument } from 'yaml'
import { isOpenAllowed, GRADE_POLICY } from '../config/grades.ts'
import { CatalogEntrySchema, MAX_FIELDS, type CatalogEntry, type CatalogField } from './schema.ts'
import type { CatalogProblem } from './problems.ts'
import { schemaProblems } from '../support/schema-errors.ts'
import { nameFieldsInPath } from './field-path.ts'
import { reservedFieldName } from './reserved-names.ts'
import { customMaskExcess } from './mask-bounds.ts'
import { compileLinearPattern, UnsupportedPattern } from './linear-pattern.ts'

/**
 * Validates one catalog file (SPEC §2, §3) and returns the typed entry only when nothing is wrong.
 * Pure: takes the file's name and text and the theme taxonomy, so it is tested without a disk.
 */
export interface ValidationResult {
  entry?: CatalogEntry
  problems: CatalogProblem[]
}

type Report = (path: string, message: string) => void

/** Aliases a catalog file may use: enough for shared field definitions, far from an alias bomb. */
const MAX_ALIAS_COUNT = 100

export function parseYaml(file: string, text: string): { value?: unknown; problems: CatalogProblem[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        file,
        path: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '',
        message: `YAML syntax error: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    }
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems: [] }
  } catch (error) {
    // an alias expanding to millions of nodes ("billion laughs") would take the process down
    return { problems: [{ file, path: '', message: `YAML could not be read: ${(error as Error).message}` }] }
  }
}

export function validateCatalogEntry(file: string, text: string, themes: ReadonlySet<string>): ValidationResult {
  const parsed = parseYaml(file, text)
  if (parsed.problems.length > 0) return { problems: parsed.problems }
  const value = parsed.value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ file, path: '', message: 'a catalog file must be a YAML mapping (id, title, fields, …)' }] }
  }
  const problems: CatalogProblem[] = []
  // every message about a field names it: fields[5] (amount).rule
  const report: Report = (path, message) => problems.push({ file, path: nameFieldsInPath(path, (value as { fields?: unknown }).fields), message })
  for (const problem of schemaProblems(CatalogEntrySchema, value)) report(problem.path, problem.message)
  checkSemantics(value as Partial<CatalogEntry>, file, themes, report)
  return problems.length === 0 ? { entry: value as CatalogEntry, problems } : { problems }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks across properties that a schema cannot express. Tolerates a malformed shape: the schema reports that. */
function checkSemantics(entry: Partial<CatalogEntry>, file: string, themes: ReadonlySet<string>, report: Report): void {
  const expectedId = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')
  if (typeof entry.id === 'string' && entry.id !== expectedId) {
    report('id', `"${entry.id}" must equal the file name (${expectedId})`)
  }
  if (typeof entry.theme === 'string' && !themes.has(entry.theme)) {
    report('theme', `unknown theme "${entry.theme}"; expected one of _themes.yaml: ${[...themes].join(', ')}`)
  }
  const gradePolicy = typeof entry.grade === 'number' ? GRADE_POLICY[entry.grade] : undefined
  if (gradePolicy && typeof entry.open === 'string' && entry.grade && !isOpenAllowed(entry.grade, entry.open)) {
    report('open', `"${entry.open}" is looser than grade ${entry.grade} allows (at most ${gradePolicy.loosestOpen})`)
  }
  if (entry.open !== 'closed' && entry.source === undefined) {
    report('source', 'is required unless open is closed (metadata only)')
  }
  if (isRecord(entry.source) && typeof entry.source.path === 'string') {
    const reason = unsafeSourcePath(entry.source.path)
    if (reason) report('source.path', `"${entry.source.path}" ${reason}`)
  }
  if (isRecord(entry.temporal) && typeof entry.temporal.start === 'string' && typeof entry.temporal.end === 'string') {
    if (entry.temporal.start > entry.temporal.end) report('temporal', `start ${entry.temporal.start} is after end ${entry.temporal.end}`)
  }

  if (Array.isArray(entry.fields) && entry.fields.length > MAX_FIELDS) {
    report('fields', `at most ${MAX_FIELDS} fields are supported, found ${entry.fields.length}`)
  }
  const fields = Array.isArray(entry.fields) ? entry.fields.filter(isRecord) as Partial<CatalogField>[] : []
  const firstIndexOf = new Map<string, number>()
  fields.forEach((field, i) => {
    if (typeof field.name !== 'string') return
    const first = firstIndexOf.get(field.name)
    if (first === undefined) firstIndexOf.set(field.name, i)
    else report(`fields[${i}].name`, `duplicate field name "${field.name}" (also fields[${first}])`)
    const reserved = reservedFieldName(field.name)
    if (reserved) report(`fields[${i}].name`, reserved)
    checkField(field, `fields[${i}]`, report)
  })
  const fieldByName = new Map(fields.filter((f) => typeof f.name === 'string').map((f) => [f.name as string, f]))

  if (typeof entry.primary_key === 'string') {
    const pk = fieldByName.get(entry.primary_key)
    if (!pk) report('primary_key', `"${entry.primary_key}" is not a field`)
    else if (pk.rule !== undefined && pk.rule !== 'keep' && pk.rule !== 'hash') {
      report('primary_key', `field "${entry.primary_key}" must be published as is (keep) or hashed to stay unique`)
    }
  }
  if (isRecord(entry.privacy) && Array.isArray(entry.privacy.quasi_identifiers)) {
    entry.privacy.quasi_identifiers.forEach((name, i) => {
      const field = fieldByName.get(name)
      if (!field) report(`privacy.quasi_identifiers[${i}]`, `"${name}" is not a field`)
      else if (field.rule === 'drop' || field.rule === 'suppress') {
        report(`privacy.quasi_identifiers[${i}]`, `"${name}" is ${field.rule}ped, so it cannot identify anyone`)
      }
    })
  }
}

function unsafeSourcePath(sourcePath: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(sourcePath)) return 'is a URL; sources are files under the datasets directory'
  if (sourcePath.startsWith('/') || /^[a-z]:[\\/]/i.test(sourcePath) || sourcePath.startsWith('\\')) {
    return 'is absolute; write it relative to the datasets directory'
  }
  if (sourcePath.split(/[\\/]/).includes('..')) return 'contains ".."; sources must stay inside the datasets directory'
  return undefined
}

const RULES_NEEDING_PII = new Set(['mask', 'hash'])

function ruleName(rule: unknown): string {
  if (typeof rule === 'string') return rule
  if (isRecord(rule)) return Object.keys(rule)[0] ?? ''
  return ''
}

function checkField(field: Partial<CatalogField>, at: string, report: Report): void {
  const { rule, pii, type } = field
  const name = ruleName(rule)
  const hasPii = typeof pii === 'string'
  if (typeof rule === 'string' && RULES_NEEDING_PII.has(rule) && !hasPii) {
    report(`${at}.rule`, `"${rule}" needs pii to be set (which kind of personal data, e.g. pii: name)`)
  }
  if (isRecord(rule) && 'generalize' in rule) {
    const how = rule.generalize
    if ((how === 'year' || how === 'month') && type !== 'date' && type !== 'datetime') {
      report(`${at}.rule`, `generalize ${how} needs a date or datetime field, not ${type}`)
    } else if (isRecord(how) && 'bucket' in how && type !== 'integer' && type !== 'number') {
      report(`${at}.rule`, `generalize bucket needs an integer or number field, not ${type}`)
    } else if (how === 'district' && pii !== 'address') {
      report(`${at}.rule`, 'generalize district needs pii: address')
    } else if (how === 'birth_year' && pii !== 'id_card') {
      report(`${at}.rule`, 'generalize birth_year needs pii: id_card')
    }
  }
  if ((name === 'mask' || name === 'redact') && type !== undefined && type !== 'string') {
    report(`${at}.rule`, `"${name}" works on text; field type is ${type}`)
  }
  const custom = isRecord(rule) && 'mask' in rule && isRecord(rule.mask) ? rule.mask : undefined
  if (custom && typeof custom.keep_start === 'number' && typeof custom.keep_end === 'number') {
    const excess = customMaskExcess(pii, { keep_start: custom.keep_start, keep_end: custom.keep_end })
    if (excess) report(`${at}.rule`, excess)
  }
  if (hasPii && pii !== 'none' && (rule === undefined || rule === 'keep')) {
    report(`${at}.rule`, `personal field (pii: ${pii}) needs a desensitising rule; to publish it as is, write pii: none with a reason`)
  }
  if (pii === 'none' && !field.reason) {
    report(`${at}.reason`, 'pii: none needs a reason saying why these values may be published')
  }
  if (name === 'drop' && (field.index || field.searchable)) {
    report(`${at}`, 'a dropped field cannot be indexed or searchable')
  }
  if (field.searchable && type !== undefined && type !== 'string') {
    report(`${at}.searchable`, `only text fields can be searchable; field type is ${type}`)
  }
  checkConstraints(field, at, report)
}

function checkConstraints(field: Partial<CatalogField>, at: string, report: Report): void {
  const c = field.constraints
  if (!isRecord(c)) return
  const type = field.type
  const numeric = type === 'integer' || type === 'number' || type === 'year'
  const temporal = type === 'date' || type === 'datetime'
  for (const key of ['minimum', 'maximum'] as const) {
    const bound = c[key]
    if (bound === undefined) continue
    if (numeric && typeof bound !== 'number') report(`${at}.constraints.${key}`, `must be a number for a ${type} field`)
    else if (temporal && typeof bound !== 'string') report(`${at}.constraints.${key}`, `must be a ${type} for a ${type} field`)
    else if (!numeric && !temporal) report(`${at}.constraints.${key}`, `does not apply to a ${type} field`)
  }
  if ((c.minLength !== undefined || c.maxLength !== undefined || c.pattern !== undefined) && type !== 'string') {
    report(`${at}.constraints`, `minLength, maxLength and pattern apply to string fields, not ${type}`)
  }
  if (typeof c.pattern === 'string') {
    try {
      new RegExp(c.pattern, 'u')
    } catch (error) {
      report(`${at}.constraints.pattern`, `is not a valid regular expression: ${(error as Error).message}`)
      return
    }
    try {
      compileLinearPattern(c.pattern)
    } catch (error) {
      if (!(error instanceof UnsupportedPattern)) throw error
      report(`${at}.constraints.pattern`, `${JSON.stringify(c.pattern)} ${error.message}`)
    }
  }
}
