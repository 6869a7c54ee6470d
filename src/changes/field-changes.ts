import { formatRule } from '../catalog/strictness.ts'
import type { FieldChange } from '../store/change-types.ts'
import type { PublicField } from '../store/types.ts'

/**
 * How the published schema changed between two versions (issue 12 §1), field by field and by name: a
 * field renamed is one removed and one added, since nothing says the two are the same. A field both
 * retyped and given another rule has an entry for each, so that a subscriber watching for retyped fields
 * sees it whatever else changed. Order: the new version's fields in its order, then the removed ones in
 * the old version's order, so that the same two schemas always give the same list.
 */
export type FieldShapeOf = Pick<PublicField, 'name' | 'type' | 'rule'>

/** Rules compared in the catalog's own spelling: { mask: { keep_start: 1, keep_end: 0 } } whatever the key order. */
export function sameRule(a: PublicField['rule'], b: PublicField['rule']): boolean {
  return formatRule(a) === formatRule(b)
}

const shape = (f: FieldShapeOf): { type: PublicField['type']; rule: PublicField['rule'] } => ({ type: f.type, rule: f.rule })

export function fieldChanges(before: readonly FieldShapeOf[], after: readonly FieldShapeOf[]): FieldChange[] {
  const old = new Map(before.map((f) => [f.name, f]))
  const kept = new Set(after.map((f) => f.name))
  const changes: FieldChange[] = []
  for (const field of after) {
    const was = old.get(field.name)
    if (!was) {
      changes.push({ field: field.name, change: 'added', after: shape(field) })
      continue
    }
    if (was.type !== field.type) changes.push({ field: field.name, change: 'retyped', before: shape(was), after: shape(field) })
    if (!sameRule(was.rule, field.rule)) changes.push({ field: field.name, change: 'rule_changed', before: shape(was), after: shape(field) })
  }
  for (const field of before) {
    if (!kept.has(field.name)) changes.push({ field: field.name, change: 'removed', before: shape(field) })
  }
  return changes
}

/**
 * The fields present in both versions (by name, in the new version's order) and where each sits in the
 * rows of either: the values compared to tell whether a row changed. A field added or removed is a change
 * of the schema, reported once in `fieldChanges`, not a change of every row.
 */
export interface SharedColumns {
  names: string[]
  before: number[]
  after: number[]
}

export function sharedColumns(before: readonly Pick<PublicField, 'name'>[], after: readonly Pick<PublicField, 'name'>[]): SharedColumns {
  const position = new Map(before.map((f, i) => [f.name, i]))
  const shared: SharedColumns = { names: [], before: [], after: [] }
  after.forEach((field, i) => {
    const at = position.get(field.name)
    if (at === undefined) return
    shared.names.push(field.name)
    shared.before.push(at)
    shared.after.push(i)
  })
  return shared
}
