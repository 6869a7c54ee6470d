import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { IngestLockedError } from '../types.ts'
import { createPrivateFile, PRIVATE_FILE_MODE } from '../private-files.ts'
import { isProcessAlive } from './process-alive.ts'

/**
 * One ingest at a time per data directory (`gongkai ingest`, or `gongkai start`'s ingest). The lock
 * is SQLite's exclusive lock on a small file of its own, held by an open transaction: the operating
 * system drops it when the holder ends, however it ends (kill -9, power loss), so no stale lock can
 * block anyone and no process id can be mistaken for the holder. The holder's pid is written beside
 * it, only to say who holds it.
 */
export const INGEST_LOCK_FILE = 'ingest.lock'
const HOLDER_FILE = 'ingest.lock.pid'

export interface IngestLock {
  release(): void
}

function holder(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, HOLDER_FILE), 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

export function acquireIngestLock(dataDir: string): IngestLock {
  const file = path.join(dataDir, INGEST_LOCK_FILE)
  createPrivateFile(file)
  // no busy timeout: a second ingest says so at once instead of waiting for the first to end
  const db = new Database(file, { timeout: 0 })
  try {
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new IngestLockedError(holder(dataDir))
    throw error
  }
  fs.writeFileSync(path.join(dataDir, HOLDER_FILE), `${process.pid}\n`, { mode: PRIVATE_FILE_MODE })
  return {
    release: () => {
      if (!db.open) return
      fs.rmSync(path.join(dataDir, HOLDER_FILE), { force: true })
      db.exec('ROLLBACK')
      db.close()
    },
  }
}
