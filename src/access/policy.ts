import { GRADE_POLICY } from '../config/grades.ts'
import type { CatalogEntry } from '../catalog/schema.ts'

/**
 * Who may read a dataset's rows (SPEC §3), decided in one place for every data route.
 * Returns why not, or undefined when the caller may read.
 */
export interface Caller {
  /** Set when the request carried a valid API key. */
  keyId?: string
  grantedDatasets?: ReadonlySet<string>
}

export interface Denial {
  status: 401 | 403
  detail: string
}

export function denyRead(entry: Pick<CatalogEntry, 'id' | 'grade' | 'open'>, caller: Caller): Denial | undefined {
  if (entry.open === 'closed' || GRADE_POLICY[entry.grade].readAccess === 'nobody') {
    return { status: 403, detail: `dataset ${entry.id} is closed (不予开放): only its metadata is public` }
  }
  // an entry may be stricter than its grade: conditional always needs a grant
  const access = entry.open === 'conditional' ? 'granted-key' : GRADE_POLICY[entry.grade].readAccess
  switch (access) {
    case 'anyone':
      return undefined
    case 'any-key':
      return caller.keyId ? undefined : { status: 401, detail: `dataset ${entry.id} (grade ${entry.grade}) needs an API key: send Authorization: Bearer <key>` }
    default:
      if (!caller.keyId) return { status: 401, detail: `dataset ${entry.id} is conditionally open (grade ${entry.grade}): send an API key holding an approved grant` }
      return caller.grantedDatasets?.has(entry.id)
        ? undefined
        : { status: 403, detail: `dataset ${entry.id} is conditionally open: apply with POST /api/v1/datasets/${entry.id}/applications` }
  }
}
