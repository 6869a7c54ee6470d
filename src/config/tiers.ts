import { Type, type Static } from '@sinclair/typebox'
import { checkSettings, parseSettingsYaml, readSettingsFile } from './load.ts'

/**
 * Tiers and their limits (SPEC §6.3) in one place. Anonymous callers are counted by client IP, key
 * holders by key id. Requests are counted per minute; downloads (routes marked `config.download`)
 * are counted separately per hour, on top of the request they also are. Failed authentication has
 * its own per-IP limit, stricter than the anonymous one, because guessing keys is the only thing it
 * would slow down.
 *
 * The defaults can be overridden by a YAML file named by GONGKAI_TIERS_FILE, e.g.
 *
 *   tiers:
 *     registered: { requests_per_minute: 2000 }
 *   failed_auth_per_minute: 5
 */
export const TIERS = ['anonymous', 'registered', 'partner', 'admin'] as const
export type Tier = (typeof TIERS)[number]

/** Tiers a key can have; anonymous is what a request without a key is. */
export const KEY_TIERS = ['registered', 'partner', 'admin'] as const
export type KeyTier = (typeof KEY_TIERS)[number]

export interface TierLimits {
  requestsPerMinute: number
  downloadsPerHour: number
}

export interface TierTable {
  tiers: Readonly<Record<Tier, TierLimits>>
  failedAuthPerMinute: number
}

export const DEFAULT_TIERS: TierTable = {
  tiers: {
    anonymous: { requestsPerMinute: 60, downloadsPerHour: 20 },
    registered: { requestsPerMinute: 1_200, downloadsPerHour: 200 },
    partner: { requestsPerMinute: 12_000, downloadsPerHour: 2_000 },
    // administrators work through the admin API and spot-check data; partner-sized limits are plenty
    admin: { requestsPerMinute: 12_000, downloadsPerHour: 2_000 },
  },
  failedAuthPerMinute: 10,
}

/** Every tier with the same limits: for benchmarks and tests that measure something other than the limiter. */
export function uniformTiers(limit: number): TierTable {
  const limits: TierLimits = { requestsPerMinute: limit, downloadsPerHour: limit }
  return { tiers: Object.fromEntries(TIERS.map((tier) => [tier, limits])) as Record<Tier, TierLimits>, failedAuthPerMinute: limit }
}

const Limit = Type.Integer({ minimum: 0, maximum: 100_000_000 })
const TierOverride = Type.Object(
  { requests_per_minute: Type.Optional(Limit), downloads_per_hour: Type.Optional(Limit) },
  { additionalProperties: false },
)
const TiersFileSchema = Type.Object(
  {
    tiers: Type.Optional(Type.Object(Object.fromEntries(TIERS.map((t) => [t, Type.Optional(TierOverride)])), { additionalProperties: false })),
    failed_auth_per_minute: Type.Optional(Limit),
  },
  { additionalProperties: false },
)
export type TiersFile = Static<typeof TiersFileSchema>

/** The defaults with the overrides of a tiers file (already parsed) applied; throws ConfigError naming every problem. */
export function applyTiersFile(file: string, value: unknown, base: TierTable = DEFAULT_TIERS): TierTable {
  const parsed = checkSettings(file, value ?? {}, TiersFileSchema)
  const tiers = Object.fromEntries(TIERS.map((tier) => {
    const override = (parsed.tiers as Partial<Record<Tier, Static<typeof TierOverride>>> | undefined)?.[tier]
    return [tier, {
      requestsPerMinute: override?.requests_per_minute ?? base.tiers[tier].requestsPerMinute,
      downloadsPerHour: override?.downloads_per_hour ?? base.tiers[tier].downloadsPerHour,
    }]
  })) as Record<Tier, TierLimits>
  return { tiers, failedAuthPerMinute: parsed.failed_auth_per_minute ?? base.failedAuthPerMinute }
}

export function loadTiers(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): TierTable {
  const found = readSettingsFile(env, 'GONGKAI_TIERS_FILE', cwd)
  return found ? applyTiersFile(found.file, parseSettingsYaml(found.file, found.text)) : DEFAULT_TIERS
}

export function isKeyTier(value: string): value is KeyTier {
  return (KEY_TIERS as readonly string[]).includes(value)
}
