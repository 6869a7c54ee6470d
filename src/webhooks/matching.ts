import { keyStatus } from '../access/issue-key.ts'
import { requiresGrant } from '../access/policy.ts'
import type { Grade, OpenAttribute } from '../config/grades.ts'
import type { KeyCredentials } from '../store/access-types.ts'
import type { CatalogEvent } from '../store/change-types.ts'
import type { SubscriptionFilter } from '../store/subscription-types.ts'

/**
 * Which events a subscription is sent. Its filter first: each list it gives narrows (an event must be of
 * one of its types and, when it names datasets, themes or providers, of one of each), an empty list
 * narrows nothing. Then who holds it: only a valid key, and for conditional data (grade 3, or any entry
 * open only on condition) only a key holding a grant for that dataset, as for reading its rows. Metadata
 * of every dataset is public, so other events go to any valid key.
 */
export function filterMatches(filter: SubscriptionFilter, event: CatalogEvent): boolean {
  const admits = (list: readonly string[], value: string): boolean => list.length === 0 || list.includes(value)
  return admits(filter.events, event.type) && admits(filter.datasets, event.datasetId) && admits(filter.themes, event.theme) && admits(filter.providers, event.provider)
}

/** Whether the key may be told of the event now; undefined credentials: the key is gone. */
export function keyMayBeTold(event: { datasetId: string; grade: number; open: string }, credentials: KeyCredentials | undefined, now: number): boolean {
  if (!credentials || keyStatus(credentials.key, now) !== 'active') return false
  return !requiresGrant({ id: event.datasetId, grade: event.grade as Grade, open: event.open as OpenAttribute }) || credentials.grantedDatasets.includes(event.datasetId)
}
