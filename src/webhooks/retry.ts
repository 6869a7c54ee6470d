/**
 * When a failed delivery is tried again: the configured schedule (config/webhooks.ts), each delay moved by
 * up to ±10 % so that deliveries that failed together (a receiver's outage) do not all come back at one
 * instant and fail together again.
 */
export const JITTER = 0.1

/** The wait before the next attempt after `attemptsMade` failed ones, or undefined when the schedule is spent; `random` in [0, 1). */
export function retryDelayMs(schedule: readonly number[], attemptsMade: number, random: number): number | undefined {
  const base = schedule[attemptsMade - 1]
  if (base === undefined) return undefined
  return Math.round(base * (1 - JITTER + 2 * JITTER * random))
}
