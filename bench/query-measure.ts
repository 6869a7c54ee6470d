import autocannon from 'autocannon'

export const CONNECTIONS = 10

export interface Measured { name: string; path: string; requestsPerSecond: number; p50: number; p99: number; non2xx: number; ratioToCeiling?: number; ratioToSqlite?: number; ceilingNormalisedRatioToSqlite?: number }

/** autocannon with CONNECTIONS connections for `duration` s on one path (or a new path per request), printed as it ends. */
export async function measure(base: string, name: string, urlPath: string | (() => string), duration: number): Promise<Measured> {
  const dynamic = typeof urlPath === 'function'
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    requests: [dynamic ? { method: 'GET', setupRequest: (req) => ({ ...req, path: urlPath() }) } : { method: 'GET', path: urlPath }],
  })
  const m = { name, path: dynamic ? `${urlPath()} (varies)` : urlPath, requestsPerSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx }
  console.log(`${name.padEnd(44)} ${String(m.requestsPerSecond).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms${m.non2xx ? `  non-2xx ${m.non2xx}` : ''}`)
  return m
}

export const ratio = (a: number, b: number): number => Number((a / (b || 1)).toFixed(3))
