import type { AccessStore } from '../store/access-types.ts'
import { hasLapsed, localToday } from './dates.ts'
import { parseKey, secretMatches } from './keys.ts'
import type { Caller } from './policy.ts'

/** last_used_at is informational: writing it at most once a minute keeps busy keys from writing on every request. */
export const LAST_USED_INTERVAL_MS = 60_000

/**
 * The caller a key stands for, or undefined for every kind of bad key (malformed, unknown, wrong
 * secret, revoked, expired) so that they are indistinguishable to the client. The key is read through
 * the store on every call: the embedded one reads it afresh, the PostgreSQL one keeps it until a change
 * notification from whichever process revoked it or granted to it (store/postgres/change-feed.ts).
 */
export async function authenticate(store: AccessStore, token: string, now: number = Date.now()): Promise<Caller | undefined> {
  const parsed = parseKey(token)
  if (!parsed) {
    secretMatches(token, undefined)
    return undefined
  }
  const today = localToday(now)
  const found = await store.credentials(parsed.id, today)
  const matches = secretMatches(parsed.secret, found?.secretDigest)
  if (!found || !matches || found.key.revokedAt !== undefined || hasLapsed(found.key.expiresOn, today)) return undefined
  const { key } = found
  if (key.lastUsedAt === undefined || Date.parse(key.lastUsedAt) <= now - LAST_USED_INTERVAL_MS) {
    // a busy database must not fail an otherwise good request over a bookkeeping write
    await store.touchKey(key.id, new Date(now).toISOString(), LAST_USED_INTERVAL_MS).catch(() => undefined)
  }
  return { keyId: key.id, tier: key.tier, keyName: key.name, grantedDatasets: new Set(found.grantedDatasets) }
}
