import fc from 'fast-check'
import type { FieldType } from '../../src/catalog/schema.ts'
import type { CellValue } from '../../src/catalog/values.ts'
import type { ChangeSummary } from '../../src/store/change-types.ts'
import type { PublicField } from '../../src/store/types.ts'
import { compareKeys } from '../../src/changes/key-order.ts'
import { field, type Table } from '../helpers/tables.ts'

/**
 * Random tables and random edits of them for the change engine's property tests, and the reference the
 * engine is held to: the same question answered the slow, obvious way, all rows in memory.
 */
export interface Change {
  op: 'added' | 'removed' | 'changed'
  key: CellValue
  before?: CellValue[]
  after?: CellValue[]
}

// characters of every UTF-8 length (and U+E000, which UTF-16 orders after surrogates), so that text keys test byte order; no U+0000, which PostgreSQL cannot store
const CHARACTERS = ['a', 'b', 'Z', ' ', 'é', '北', '京', '\uFF21', '\uE000', '😀', '𠀀']
const text = fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 5 }).map((chars) => chars.join(''))

/** A cell value drawn from a seed, deterministically, from few enough values that rows often repeat. */
function drawValue(type: FieldType, seed: number): CellValue {
  if (seed % 7 === 0) return null
  switch (type) {
    case 'integer':
    case 'year':
      return (seed % 11) - 5
    case 'number':
      // integral values, -0, and fractions
      return seed % 13 === 1 ? -0 : seed % 3 === 0 ? (seed % 5) - 2 : seed / 8
    case 'boolean':
      return seed % 2 === 0
    case 'date':
      return ['2024-01-01', '2024-02-29', '1999-12-31'][seed % 3] as string
    default:
      return [0, 1, 2].map((i) => CHARACTERS[(seed >> (i * 3)) % CHARACTERS.length]).slice(0, seed % 4).join('')
  }
}

const VALUE_FIELDS: ReadonlyArray<[string, FieldType]> = [['name', 'string'], ['amount', 'number'], ['flag', 'boolean'], ['day', 'date'], ['n', 'integer']]

/** A value for a field of another type than it had: what a retype does to it (5 → "5", 1.5 → "1.5"). */
function retypedValue(value: CellValue, type: FieldType): CellValue {
  return value === null || type !== 'string' ? value : String(value)
}

/** Two versions of a table: the first random, the second an edit of it (rows inserted, deleted, updated; fields added, removed, retyped). */
export const versionPair = fc.record({
  keyType: fc.constantFrom<'integer' | 'string' | 'none'>('integer', 'string', 'none'),
  keys: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 60 }), text), { maxLength: 40, selector: (k) => JSON.stringify(k) }),
  valueFields: fc.subarray([...VALUE_FIELDS], { minLength: 1 }),
  seedRows: fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }), { maxLength: 40 }),
  deleted: fc.array(fc.nat(), { maxLength: 10 }),
  updated: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 1000 })), { maxLength: 10 }),
  inserted: fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 90 }), text), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 })), { maxLength: 10 }),
  duplicated: fc.array(fc.nat(), { maxLength: 4 }),
  schemaEdit: fc.constantFrom('none', 'none', 'add', 'remove', 'retype', 'rule', 'rekey'),
}).map((p) => buildPair(p))

function buildPair(p: {
  keyType: 'integer' | 'string' | 'none'; keys: Array<number | string>; valueFields: Array<[string, FieldType]>; seedRows: number[][]
  deleted: number[]; updated: Array<[number, number, number]>; inserted: Array<[number | string, number[]]>; duplicated: number[]
  schemaEdit: string
}): { before: Table; after: Table } {
  const keyed = p.keyType !== 'none'
  const keyOf = (k: number | string): CellValue => (p.keyType === 'string' ? String(k) : typeof k === 'number' ? k : k.length)
  const fields = [...(keyed ? [field('id', p.keyType as FieldType)] : []), ...p.valueFields.map(([name, type]) => field(name, type))]
  const values = (seeds: number[]): CellValue[] => p.valueFields.map(([, type], i) => drawValue(type, seeds[i] ?? 1))
  const seen = new Set<string>()
  const rows: CellValue[][] = []
  const add = (key: number | string, seeds: number[]): void => {
    const id = keyOf(key)
    if (keyed) {
      if (seen.has(JSON.stringify(id))) return
      seen.add(JSON.stringify(id))
    }
    rows.push([...(keyed ? [id] : []), ...values(seeds)])
  }
  p.keys.forEach((key, i) => add(key, p.seedRows[i] ?? [i, i, i, i, i]))
  // without a key, rows may repeat: a multiset
  if (!keyed) for (const d of p.duplicated) if (rows.length) rows.push([...(rows[d % rows.length] as CellValue[])])
  const before: Table = { fields, ...(keyed ? { primaryKey: 'id' } : {}), rows }

  let next = rows.map((r) => [...r])
  const gone = new Set(p.deleted.map((d) => (next.length ? d % next.length : -1)))
  next = next.filter((_, i) => !gone.has(i))
  const offset = keyed ? 1 : 0
  for (const [r, c, seed] of p.updated) {
    if (!next.length) break
    const row = next[r % next.length] as CellValue[]
    const column = c % p.valueFields.length
    row[offset + column] = drawValue((p.valueFields[column] as [string, FieldType])[1], seed)
  }
  for (const [key, seeds] of p.inserted) {
    const id = keyOf(key)
    if (keyed && next.some((r) => JSON.stringify(r[0]) === JSON.stringify(id))) continue
    next.push([...(keyed ? [id] : []), ...values(seeds)])
  }
  let afterFields = fields.map((f) => ({ ...f }))
  let primaryKey = before.primaryKey
  switch (p.schemaEdit) {
    case 'add':
      afterFields.push(field('extra', 'string'))
      next = next.map((r, i) => [...r, i % 2 ? `x${i}` : null])
      break
    case 'remove': {
      if (afterFields.length - offset < 2) break
      afterFields = afterFields.slice(0, -1)
      next = next.map((r) => r.slice(0, -1))
      break
    }
    case 'retype': {
      const at = afterFields.length - 1
      const was = (afterFields[at] as PublicField).type
      // integer → number keeps every value (5 is 5.0); string → date keeps the text; anything else → string writes it as text
      const to: FieldType = was === 'integer' ? 'number' : was === 'string' ? 'date' : 'string'
      afterFields[at] = { ...(afterFields[at] as PublicField), type: to }
      next = next.map((r) => r.map((v, i) => (i === at ? retypedValue(v, to) : v)))
      break
    }
    case 'rule':
      if (keyed) afterFields[0] = { ...(afterFields[0] as PublicField), rule: 'hash' }
      break
    case 'rekey':
      primaryKey = undefined
      break
  }
  return { before, after: { fields: afterFields, ...(primaryKey ? { primaryKey } : {}), rows: next } }
}

const sameShared = (before: Table, after: Table) => {
  const names = after.fields.map((f) => f.name).filter((n) => before.fields.some((g) => g.name === n))
  const at = (t: Table, name: string): number => t.fields.findIndex((f) => f.name === name)
  return { names, before: names.map((n) => at(before, n)), after: names.map((n) => at(after, n)) }
}

/** Rows in the order a store scans them: by primary key (in the stores' byte order), else as inserted. */
function scanOrder(table: Table): CellValue[][] {
  const at = table.fields.findIndex((f) => f.name === table.primaryKey)
  return at < 0 ? table.rows : [...table.rows].sort((a, b) => compareKeys(a[at] as CellValue, b[at] as CellValue))
}

/**
 * The reference: by key, every row's shared fields compared by name, the changes in key order; by content,
 * the rows counted as a multiset, equal rows paired in scan order, the unpaired old rows and then the new ones.
 */
export function referenceChanges(before: Table, after: Table): { rows: ChangeSummary['rows']; matchedBy: ChangeSummary['matchedBy']; changes: Change[] } {
  const shared = sameShared(before, after)
  const project = (row: CellValue[], columns: number[]): string => JSON.stringify(columns.map((c) => (Object.is(row[c], -0) ? 0 : row[c])))
  const keyField = (t: Table) => t.fields.find((f) => f.name === t.primaryKey)
  const byKey = before.primaryKey !== undefined && before.primaryKey === after.primaryKey
    && keyField(before)?.type === keyField(after)?.type && JSON.stringify(keyField(before)?.rule) === JSON.stringify(keyField(after)?.rule)
  const count = (changes: Change[], op: Change['op']): number => changes.filter((c) => c.op === op).length
  if (byKey) {
    const k = (t: Table) => t.fields.findIndex((f) => f.name === t.primaryKey)
    const old = new Map(before.rows.map((r) => [JSON.stringify(r[k(before)]), r]))
    const now = new Map(after.rows.map((r) => [JSON.stringify(r[k(after)]), r]))
    const changes: Change[] = []
    let unchanged = 0
    for (const [key, row] of old) if (!now.has(key)) changes.push({ op: 'removed', key: row[k(before)] as CellValue, before: row })
    for (const [key, row] of now) {
      const was = old.get(key)
      if (!was) changes.push({ op: 'added', key: row[k(after)] as CellValue, after: row })
      else if (project(was, shared.before) !== project(row, shared.after)) changes.push({ op: 'changed', key: row[k(after)] as CellValue, before: was, after: row })
      else unchanged++
    }
    changes.sort((a, b) => compareKeys(a.key, b.key))
    return { matchedBy: 'primary_key', rows: { added: count(changes, 'added'), removed: count(changes, 'removed'), changed: count(changes, 'changed'), unchanged }, changes }
  }
  const tally = (rows: CellValue[][], columns: number[]): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const row of rows) counts.set(project(row, columns), (counts.get(project(row, columns)) ?? 0) + 1)
    return counts
  }
  const oldRows = scanOrder(before)
  const newRows = scanOrder(after)
  const oldCounts = tally(oldRows, shared.before)
  const newCounts = tally(newRows, shared.after)
  /** The rows of one side beyond the other side's count of equal rows (none equal without a shared field). */
  const unpaired = (rows: CellValue[][], columns: number[], other: Map<string, number>): CellValue[][] => {
    const seen = new Map<string, number>()
    return rows.filter((row) => {
      const key = project(row, columns)
      seen.set(key, (seen.get(key) ?? 0) + 1)
      return shared.names.length === 0 || (seen.get(key) as number) > (other.get(key) ?? 0)
    })
  }
  const changes: Change[] = [
    ...unpaired(oldRows, shared.before, newCounts).map((row): Change => ({ op: 'removed', key: null, before: row })),
    ...unpaired(newRows, shared.after, oldCounts).map((row): Change => ({ op: 'added', key: null, after: row })),
  ]
  const removed = count(changes, 'removed')
  return { matchedBy: 'content', rows: { added: count(changes, 'added'), removed, changed: 0, unchanged: before.rows.length - removed }, changes }
}
