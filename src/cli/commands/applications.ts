import { approveApplication, rejectApplication } from '../../access/applications.ts'
import type { ApplicationStatus } from '../../store/access-types.ts'
import { UsageError, type CliCommand } from '../command.ts'
import { formatTable } from '../table.ts'
import { withAccessStore } from '../with-store.ts'

/** `gongkai applications …`: review applications for conditional data from the command line. */

const STATUSES: readonly string[] = ['pending', 'approved', 'rejected']

/** Decisions taken on the command line are recorded as made by `cli`. */
const DECIDED_BY = 'cli'

function applicationId(text: string | undefined): number {
  if (text === undefined || !/^[1-9]\d{0,14}$/.test(text)) throw new UsageError('ID must be the number of an application (see gongkai applications list)')
  return Number(text)
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ')
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat
}

const list: CliCommand = {
  name: 'applications list',
  summary: 'applications for conditional datasets, oldest first',
  options: { status: { value: STATUSES.join('|'), help: 'only those with this status' } },
  async run({ values }, { config, out }) {
    if (values.status !== undefined && !STATUSES.includes(values.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`)
    const items = await withAccessStore(config, (access) => access.listApplications(values.status ? { status: values.status as ApplicationStatus } : {}))
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
  },
}

const approve: CliCommand = {
  name: 'applications approve',
  summary: 'approve: the key gets a grant through that day',
  operands: { label: 'ID', min: 1, max: 1 },
  options: { expires: { value: 'YYYY-MM-DD', required: true, help: 'the last day the grant holds' } },
  async run({ operands, values }, { config, out }) {
    const id = applicationId(operands[0])
    const application = await withAccessStore(config, (access) => approveApplication(access, id, values.expires as string, DECIDED_BY, { expiresField: '--expires', maxGrantDays: config.maxGrantDays }))
    out.log(`approved application ${application.id}: key ${application.keyId} may read ${application.datasetId} through ${application.expiresOn}`)
    return 0
  },
}

const reject: CliCommand = {
  name: 'applications reject',
  summary: 'reject, with the reason the applicant is shown',
  operands: { label: 'ID', min: 1, max: 1 },
  options: { reason: { value: '"…"', required: true, help: 'why (1 to 2000 characters)' } },
  async run({ operands, values }, { config, out }) {
    const id = applicationId(operands[0])
    const application = await withAccessStore(config, (access) => rejectApplication(access, id, values.reason as string, DECIDED_BY))
    out.log(`rejected application ${application.id} (${application.datasetId}, key ${application.keyId})`)
    return 0
  },
}

export const applicationsCommands: readonly CliCommand[] = [list, approve, reject]
