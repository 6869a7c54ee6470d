import { GRADE_POLICY, type ReadAccess } from '../config/grades.ts'
import type { Tier } from '../config/tiers.ts'
import type { CatalogEntry } from '../catalog/schema.ts'

/**
 * Who may read a dataset's rows (SPEC §3), decided in one place for every data route.
 * Returns why not, or undefined when the caller may read.
 */
export interface Caller {
  /** Set when the request carried a valid API key. */
  keyId?: string
  grantedDatasets?: ReadonlySet<string>
  /** The key's tier; anonymous when there is no key. */
  tier?: Tier
  /** The key's name, for responses about the caller itself. */
  keyName?: string
}

export interface Denial {
  status: 401 | 403
  detail: string
}

type Entry = Pick<CatalogEntry, 'id' | 'grade' | 'open'>

/** What reading rows of this entry takes: an entry may be stricter than its grade, and conditional always needs a grant. */
export function readAccess(entry: Entry): ReadAccess {
  if (entry.open === 'closed' || GRADE_POLICY[entry.grade].readAccess === 'nobody') return 'nobody'
  if (entry.open === 'conditional') return 'granted-key'
  return GRADE_POLICY[entry.grade].readAccess
}

/** Conditional data: readable only with a grant, open to applications, and every read is audited. */
export function requiresGrant(entry: Entry): boolean {
  return readAccess(entry) === 'granted-key'
}

export function denyRead(entry: Entry, caller: Caller): Denial | undefined {
  switch (readAccess(entry)) {
    case 'nobody':
      return { status: 403, detail: `dataset ${entry.id} is closed (不予开放): only its metadata is public` }
    case 'anyone':
      return undefined
    case 'any-key':
      return caller.keyId ? undefined : { status: 401, detail: `dataset ${entry.id} (grade ${entry.grade}) needs an API key: send Authorization: Bearer <key>` }
    case 'granted-key':
      if (!caller.keyId) return { status: 401, detail: `dataset ${entry.id} is conditionally open (grade ${entry.grade}): send an API key holding an approved grant` }
      return caller.grantedDatasets?.has(entry.id)
        ? undefined
        : { status: 403, detail: `dataset ${entry.id} is conditionally open: your key holds no valid grant for it; apply with POST /api/v1/datasets/${entry.id}/applications { "purpose": "…", "accept_agreement": true } and an administrator will reply within 20 working days` }
  }
}

export function isAdmin(caller: Caller): boolean {
  return caller.keyId !== undefined && caller.tier === 'admin'
}
