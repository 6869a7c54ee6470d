import { DEFAULT_MAX_GRANT_DAYS } from '../config/env.ts'
import type { AccessStore, ApplicationRecord } from '../store/access-types.ts'
import type { DatasetStore } from '../store/types.ts'
import { dateAtMidnight, formatDate, localToday } from './dates.ts'
import { AccessError } from './errors.ts'
import { checkExpiry } from './issue-key.ts'
import { requiresGrant } from './policy.ts'
import type { WorkingCalendar } from '../config/holidays.ts'
import { addWorkingDays, REPLY_WORKING_DAYS } from './working-days.ts'

/**
 * Applications for conditional data (SPEC §3): a key holder applies with a purpose and accepts the use
 * agreement; an administrator approves with an expiry (creating a grant) or rejects with a reason.
 * Shared by the HTTP API and the CLI.
 */
export const MIN_PURPOSE = 10
export const MAX_PURPOSE = 4000
export const MAX_REASON = 2000

export interface Submission {
  keyId: string
  datasetId: string
  purpose: string
}

/**
 * Only conditional datasets take applications: open ones need none (409, there is nothing to grant)
 * and closed ones cannot be granted at all (409 too: the request is well-formed, the dataset's state
 * refuses it). A second pending application for the same dataset from the same key is a 409 naming
 * the first; re-applying while a grant runs is allowed, to renew it before it lapses.
 */
export async function submitApplication(
  access: AccessStore,
  datasets: DatasetStore,
  calendar: WorkingCalendar,
  submission: Submission,
  now: number = Date.now(),
): Promise<ApplicationRecord> {
  const dataset = await datasets.getDataset(submission.datasetId)
  if (!dataset) throw new AccessError('not-found', `no dataset ${submission.datasetId}`)
  const { entry } = dataset
  if (entry.open === 'closed' || entry.grade === 4) {
    throw new AccessError('conflict', `dataset ${entry.id} is closed (不予开放): it takes no applications, only its metadata is public`)
  }
  if (!requiresGrant(entry)) {
    throw new AccessError('conflict', `dataset ${entry.id} is unconditionally open (grade ${entry.grade}): no application is needed${entry.grade === 1 ? '' : ', any valid key may read it'}`)
  }
  const purpose = submission.purpose.trim()
  if ([...purpose].length < MIN_PURPOSE) throw new AccessError('invalid', `purpose: describe the intended use in at least ${MIN_PURPOSE} characters`, 'purpose')
  const created = await access.createApplication({
    keyId: submission.keyId,
    datasetId: entry.id,
    purpose,
    submittedAt: new Date(now).toISOString(),
    dueBy: addWorkingDays(localToday(now), REPLY_WORKING_DAYS, calendar),
  })
  if (created) return created
  const pending = await access.listApplications({ keyId: submission.keyId, status: 'pending' })
  const duplicate = pending.find((a) => a.datasetId === entry.id)
  throw new AccessError('conflict', `application ${duplicate?.id ?? ''} for ${entry.id} is already pending${duplicate ? ` (reply due by ${duplicate.dueBy})` : ''}`)
}

async function pendingApplication(access: AccessStore, id: number): Promise<ApplicationRecord> {
  const application = await access.getApplication(id)
  if (!application) throw new AccessError('not-found', `no application ${id}`)
  if (application.status !== 'pending') throw new AccessError('conflict', `application ${id} is already ${application.status}`)
  return application
}

export interface ApprovalRules {
  now?: number
  /** How the expiry is named in messages: `expires_at` over HTTP, `--expires` on the command line. */
  expiresField?: string
  /** The latest expiry, in days from today (GONGKAI_MAX_GRANT_DAYS). */
  maxGrantDays?: number
}

/** The last day a grant approved today may run through. */
export function latestExpiry(maxGrantDays: number, now: number): string {
  const last = dateAtMidnight(localToday(now))
  last.setDate(last.getDate() + maxGrantDays)
  return formatDate(last)
}

/**
 * Approval creates a grant, so it has the checks of one: a date from today to at most
 * `maxGrantDays` ahead (a grant that never ends outlives the purpose it was given for), and never
 * by the key that applied (`decidedBy` is `key:<id>` over HTTP): an administrator applying for
 * conditional data is an applicant like any other, and another administrator decides.
 */
export async function approveApplication(
  access: AccessStore,
  id: number,
  expiresOn: string,
  decidedBy: string,
  rules: ApprovalRules = {},
): Promise<ApplicationRecord> {
  const { now = Date.now(), expiresField = 'expires_at', maxGrantDays = DEFAULT_MAX_GRANT_DAYS } = rules
  const application = await pendingApplication(access, id)
  if (decidedBy === `key:${application.keyId}`) {
    throw new AccessError('forbidden', `application ${id} was made with the key deciding it: another administrator must approve it`)
  }
  const checked = checkExpiry(expiresOn, now, expiresField) as string
  const latest = latestExpiry(maxGrantDays, now)
  if (checked > latest) {
    throw new AccessError('invalid', `${expiresField}: ${checked} is more than ${maxGrantDays} days away; a grant runs at most through ${latest} (GONGKAI_MAX_GRANT_DAYS), the holder re-applies to renew it`, expiresField)
  }
  const decided = await access.decideApplication(id, { status: 'approved', expiresOn: checked, decidedAt: new Date(now).toISOString(), decidedBy })
  // decided concurrently (another admin, the CLI) between the read and the write
  if (!decided) return pendingApplication(access, id)
  return decided
}

export async function rejectApplication(
  access: AccessStore,
  id: number,
  reason: string,
  decidedBy: string,
  now: number = Date.now(),
): Promise<ApplicationRecord> {
  await pendingApplication(access, id)
  const text = reason.trim()
  if (!text || [...text].length > MAX_REASON) throw new AccessError('invalid', `reason: must be 1 to ${MAX_REASON} characters`, 'reason')
  const decided = await access.decideApplication(id, { status: 'rejected', reason: text, decidedAt: new Date(now).toISOString(), decidedBy })
  if (!decided) return pendingApplication(access, id)
  return decided
}

