import crypto from 'node:crypto'

/**
 * API keys `gk_<id>_<secret>`. The id (16 hex) is public: it names the key in lists, logs and the
 * audit trail, and finds its record by primary key. The secret (256 random bits, 64 hex) is shown once
 * and only its SHA-256 is stored; with that much entropy a fast hash is enough, a slow KDF would only
 * cost every request. Hex keeps the key one "word" for double-click selection and shell quoting.
 */
export const KEY_PATTERN = /^gk_([0-9a-f]{16})_([0-9a-f]{64})$/
/** Anything key-shaped, even malformed, for spotting keys in places they must not be (query strings). */
export const KEY_LIKE = /\bgk_[0-9A-Za-z]+_[0-9A-Za-z]+/

export interface IssuedKey {
  id: string
  secret: string
  /** The whole key, as given to its holder. */
  token: string
}

export function generateKey(): IssuedKey {
  const id = crypto.randomBytes(8).toString('hex')
  const secret = crypto.randomBytes(32).toString('hex')
  return { id, secret, token: `gk_${id}_${secret}` }
}

export function parseKey(token: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(token)
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined
}

export function digestSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** A digest no secret has, compared against when the key id is unknown so that both paths cost the same. */
const DECOY_DIGEST = Buffer.from(digestSecret(crypto.randomBytes(32).toString('hex')), 'hex')

/** Constant-time comparison of a presented secret with a stored digest (or with a decoy when there is none). */
export function secretMatches(secret: string, storedDigest: string | undefined): boolean {
  const presented = crypto.createHash('sha256').update(secret, 'utf8').digest()
  const stored = storedDigest === undefined ? DECOY_DIGEST : Buffer.from(storedDigest, 'hex')
  if (stored.length !== presented.length) return crypto.timingSafeEqual(presented, DECOY_DIGEST) && false
  return crypto.timingSafeEqual(presented, stored) && storedDigest !== undefined
}
