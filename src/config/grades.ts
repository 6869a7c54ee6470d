/**
 * The grade policy of SPEC §3 in one place: each grade (GB/T 43697-2024 一般数据 sub-levels) bounds
 * the loosest open attribute a catalog entry may declare and says who may read its rows.
 */
export const OPEN_ATTRIBUTES = ['unconditional', 'conditional', 'closed'] as const
export type OpenAttribute = (typeof OPEN_ATTRIBUTES)[number]

export const GRADES = [1, 2, 3, 4] as const
export type Grade = (typeof GRADES)[number]

export type ReadAccess = 'anyone' | 'any-key' | 'granted-key' | 'nobody'

export interface GradePolicy {
  meaning: string
  loosestOpen: OpenAttribute
  readAccess: ReadAccess
}

export const GRADE_POLICY: Readonly<Record<Grade, GradePolicy>> = {
  1: { meaning: 'no harm if disclosed', loosestOpen: 'unconditional', readAccess: 'anyone' },
  2: { meaning: 'minor harm if disclosed', loosestOpen: 'unconditional', readAccess: 'any-key' },
  3: { meaning: 'serious harm to persons or organisations', loosestOpen: 'conditional', readAccess: 'granted-key' },
  4: { meaning: 'very serious harm', loosestOpen: 'closed', readAccess: 'nobody' },
}

/** Strictness order: a higher number is stricter. */
export const OPEN_STRICTNESS: Readonly<Record<OpenAttribute, number>> = { unconditional: 0, conditional: 1, closed: 2 }

export function isOpenAllowed(grade: Grade, open: OpenAttribute): boolean {
  return OPEN_STRICTNESS[open] >= OPEN_STRICTNESS[GRADE_POLICY[grade].loosestOpen]
}
