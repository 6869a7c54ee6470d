import { isKeyTier, KEY_TIERS, type KeyTier } from '../config/tiers.ts'
import type { AccessStore, ApiKeyRecord } from '../store/access-types.ts'
import { isIsoDate } from '../support/calendar-date.ts'
import { localToday } from './dates.ts'
import { AccessError } from './errors.ts'
import { digestSecret, generateKey } from './keys.ts'

/** Key management shared by `gongkai keys …` and /api/v1/admin/keys: the same checks either way. */
export interface KeyRequest {
  name: string
  tier: string
  expiresOn?: string
}

export const MAX_KEY_NAME = 100

export function checkExpiry(expiresOn: string | undefined, now: number, path: string): string | undefined {
  if (expiresOn === undefined) return undefined
  if (!isIsoDate(expiresOn)) throw new AccessError('invalid', `${path}: "${expiresOn}" is not a date YYYY-MM-DD`, path)
  const today = localToday(now)
  if (expiresOn < today) throw new AccessError('invalid', `${path}: ${expiresOn} is in the past (today is ${today})`, path)
  return expiresOn
}

/** Creates a key; the token in the result is the only time the secret exists outside its holder's hands. */
export async function issueKey(
  store: AccessStore,
  request: KeyRequest,
  now: number = Date.now(),
  expiresField = 'expires_at',
): Promise<{ key: ApiKeyRecord; token: string }> {
  const name = request.name.trim()
  if (!name || [...name].length > MAX_KEY_NAME) throw new AccessError('invalid', `name: must be 1 to ${MAX_KEY_NAME} characters`, 'name')
  if (!isKeyTier(request.tier)) throw new AccessError('invalid', `tier: must be one of ${KEY_TIERS.join(', ')}, got "${request.tier}"`, 'tier')
  const expiresOn = checkExpiry(request.expiresOn, now, expiresField)
  const { id, secret, token } = generateKey()
  const key = await store.createKey({
    id, name, tier: request.tier as KeyTier, secretDigest: digestSecret(secret), createdAt: new Date(now).toISOString(), ...(expiresOn ? { expiresOn } : {}),
  })
  return { key, token }
}

export async function revokeKey(store: AccessStore, id: string, now: number = Date.now()): Promise<ApiKeyRecord> {
  const key = await store.revokeKey(id, new Date(now).toISOString())
  if (!key) throw new AccessError('not-found', `no key ${id}`)
  return key
}

export type KeyStatus = 'active' | 'revoked' | 'expired'

export function keyStatus(key: ApiKeyRecord, now: number = Date.now()): KeyStatus {
  if (key.revokedAt !== undefined) return 'revoked'
  return key.expiresOn !== undefined && key.expiresOn < localToday(now) ? 'expired' : 'active'
}
