import { approveApplication, rejectApplication } from '../../access/applications.ts'
import type { AccessStore, ApplicationStatus } from '../../store/access-types.ts'
import type { Output } from '../output.ts'
import { runSubcommand } from '../subcommand.ts'
import { formatTable } from '../table.ts'

export const APPLICATIONS_USAGE = `usage:
  gongkai applications list [--status pending|approved|rejected]
  gongkai applications approve ID --expires YYYY-MM-DD
  gongkai applications reject ID --reason "…"`

const STATUSES: readonly string[] = ['pending', 'approved', 'rejected']

/** Decisions taken on the command line are recorded as made by `cli`. */
const DECIDED_BY = 'cli'

function applicationId(text: string | undefined): number | undefined {
  return text !== undefined && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ')
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat
}

/** `gongkai applications …`: review applications for conditional data from the command line. */
export async function applicationsCommand(access: AccessStore, out: Output, args: readonly string[]): Promise<number> {
  return runSubcommand(args, ['status', 'expires', 'reason'], APPLICATIONS_USAGE, out, async ({ action, rest, values }) => {
    if (action === 'list' && rest.length === 0) {
      if (values.status !== undefined && !STATUSES.includes(values.status)) {
        out.error(`--status must be one of ${STATUSES.join(', ')}`)
        return 2
      }
      const items = await access.listApplications(values.status ? { status: values.status as ApplicationStatus } : {})
      if (!items.length) {
        out.log('no applications')
        return 0
      }
      out.log(formatTable(
        ['ID', 'DATASET', 'KEY', 'STATUS', 'SUBMITTED', 'DUE BY', 'DECISION', 'PURPOSE'],
        items.map((a) => [
          String(a.id), a.datasetId, a.keyId, a.status, a.submittedAt.slice(0, 10), a.dueBy,
          a.status === 'approved' ? `until ${a.expiresOn}` : a.status === 'rejected' ? oneLine(a.reason ?? '', 30) : '-',
          oneLine(a.purpose, 60),
        ]),
      ))
      return 0
    }
    const id = applicationId(rest[0])
    if (action === 'approve' && rest.length === 1 && id !== undefined) {
      if (values.expires === undefined) {
        out.error(`applications approve needs --expires YYYY-MM-DD\n\n${APPLICATIONS_USAGE}`)
        return 2
      }
      const application = await approveApplication(access, id, values.expires, DECIDED_BY, Date.now(), '--expires')
      out.log(`approved application ${application.id}: key ${application.keyId} may read ${application.datasetId} through ${application.expiresOn}`)
      return 0
    }
    if (action === 'reject' && rest.length === 1 && id !== undefined) {
      if (values.reason === undefined) {
        out.error(`applications reject needs --reason "…"\n\n${APPLICATIONS_USAGE}`)
        return 2
      }
      const application = await rejectApplication(access, id, values.reason, DECIDED_BY)
      out.log(`rejected application ${application.id} (${application.datasetId}, key ${application.keyId})`)
      return 0
    }
    return undefined
  })
}
