import fs from 'node:fs'

/**
 * The data directory holds the pseudonym key, the hashes of API keys, the audit log and every
 * version's rows: nothing in it is for the machine's other users. Directories are made 0700 and files
 * 0600 whatever the umask, and a data directory left looser (an older release, a volume created by
 * hand) is tightened when the store opens it.
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/**
 * Creates `file`, empty, with mode 0600 unless it exists. SQLite keeps the mode of the database file
 * it opens and gives its journal, WAL and shared-memory files the same one.
 */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE))
}

/** Takes group and other permissions away from `file` (a directory too), when it exists. */
export function tightenMode(file: string): void {
  let mode: number
  try {
    mode = fs.statSync(file).mode
  } catch {
    return
  }
  if ((mode & 0o077) !== 0) fs.chmodSync(file, mode & 0o700)
}
