import type { LimitOutcome } from './rate-limits.ts'

/**
 * The IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) in their
 * structured-field form: a list of policies, each a string item with parameters.
 *
 *   RateLimit-Policy: "minute";q=1200;w=60
 *   RateLimit: "minute";r=1187;t=42
 *
 * @fastify/rate-limit counts, but its draft option writes the older RateLimit-Limit/-Remaining/-Reset
 * trio of one limit, so these are written here. Nothing counted (the counters unreachable), no fields.
 */
export function rateLimitHeaders(outcome: LimitOutcome): Record<string, string> {
  if (!outcome.policies.length) return {}
  const headers: Record<string, string> = {
    'ratelimit-policy': outcome.policies.map((p) => `"${p.name}";q=${p.quota};w=${p.windowSeconds}`).join(', '),
    ratelimit: outcome.policies.map((p) => `"${p.name}";r=${p.remaining};t=${p.resetIn}`).join(', '),
  }
  if (outcome.retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, outcome.retryAfter))
  return headers
}

const POLICY_TEXT = {
  minute: (q: number) => `${q} requests per minute`,
  download: (q: number) => `${q} downloads per hour`,
  auth: (q: number) => `${q} failed authentications per minute from one address`,
}

export function exceededDetail(outcome: LimitOutcome): string {
  const policy = outcome.policies.find((p) => p.name === outcome.exceeded)
  const what = policy ? POLICY_TEXT[policy.name](policy.quota) : 'a rate limit'
  return `rate limit exceeded (${what}); retry in ${outcome.retryAfter ?? 60} s`
}
