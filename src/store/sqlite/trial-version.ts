import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { VersionPlan, VersionWriter } from '../types.ts'
import { isProcessAlive } from './process-alive.ts'
import { makePrivateDir } from '../private-files.ts'
import { ROWS_FILE, VersionFileWriter, type VersionLayout } from './version-file.ts'

/** The rows file's layout for a plan: unique indexes on the primary key and the fields declared unique. */
export function versionLayout(plan: VersionPlan): VersionLayout {
  const uniqueFields = plan.fields.filter((f) => f.name === plan.primaryKey || plan.uniqueFields?.includes(f.name)).map((f) => f.name)
  return { fields: plan.fields, uniqueFields, ...(plan.primaryKey ? { primaryKey: plan.primaryKey } : {}) }
}

/**
 * A version built for `ingest --dry-run`: the same rows file, unique checks, k-anonymity removal and
 * indexes as a real one, in a directory of its own under `trialsDir` (named by the process, so that
 * one a crash left behind is swept), with no metadata record and no version number. It cannot be published.
 */
export function beginTrialVersion(trialsDir: string, datasetId: string, plan: VersionPlan): VersionWriter {
  const dir = path.join(trialsDir, `${process.pid}-${crypto.randomUUID()}`)
  makePrivateDir(dir)
  const file = new VersionFileWriter(path.join(dir, ROWS_FILE), versionLayout(plan))
  return {
    version: 0,
    insert: async (batch) => file.insert(batch),
    removeSmallGroups: async (columns, k) => file.removeSmallGroups(columns, k),
    complete: async () => file.complete(),
    publish: async () => {
      throw new Error(`a trial version of ${datasetId} is never published`)
    },
    abort: async () => {
      file.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Removes trial directories whose process is gone. */
export function sweepAbandonedTrials(trialsDir: string): void {
  if (!fs.existsSync(trialsDir)) return
  for (const name of fs.readdirSync(trialsDir)) {
    const pid = Number(name.split('-')[0])
    if (!Number.isInteger(pid) || (pid !== process.pid && !isProcessAlive(pid))) fs.rmSync(path.join(trialsDir, name), { recursive: true, force: true })
  }
}
