/**
 * The platform's pseudonym key (SPEC §4.1): `GONGKAI_PSEUDONYM_KEY` (its UTF-8 bytes; config/env.ts
 * checks it holds at least 16 characters) or, when unset or empty, `<dataDir>/pseudonym.key`: 32 random bytes in hex, generated
 * once with mode 0600. The file is created with the exclusive flag (`wx`), so two processes starting
 * at once never overwrite each other: the loser reads the winner's key. A key file with looser
 * permissions is tightened to 0600. A malformed key file is an error, never replaced (that would
 * change every token). Neither the key nor the file's content appears in any error message.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const PSEUDONYM_KEY_FILE = 'pseudonym.key'

const KEY_HEX = /^(?:[0-9a-fA-F]{2}){16,}$/
const READ_RETRIES = 10
const RETRY_MS = 20

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function errorCode(e: unknown): unknown {
  return (e as NodeJS.ErrnoException).code
}

function readKeyFile(path: string): Buffer {
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  let text = readFileSync(path, 'utf8').trim()
  // another process may have created the file and not yet written it
  for (let i = 0; text === '' && i < READ_RETRIES; i++) {
    sleep(RETRY_MS)
    text = readFileSync(path, 'utf8').trim()
  }
  if (!KEY_HEX.test(text)) {
    throw new Error(
      `${path} is not a valid pseudonym key file (expected at least 32 hexadecimal characters); ` +
        'restore it from a backup: replacing it would change every pseudonym',
    )
  }
  return Buffer.from(text, 'hex')
}

/** `configured` is the key GONGKAI_PSEUDONYM_KEY gives (AppConfig.pseudonymKey), which wins over the file. */
export function loadPseudonymKey(dataDir: string, configured?: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8')
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, PSEUDONYM_KEY_FILE)
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 })
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') throw e
  }
  return readKeyFile(path)
}
