import autocannon from 'autocannon'

/** What one load of `npm run bench -- overload` measured. */
export interface Load {
  requests: number
  requestsPerSecond: number
  p50: number
  p99: number
  max: number
  errors: number
  timeouts: number
  statuses: Record<string, number>
}

/** autocannon with a key, a path per request, and the status codes tallied. */
export async function load(base: string, token: string, connections: number, duration: number, nextPath: () => string): Promise<Load> {
  const statuses: Record<string, number> = {}
  const r = await autocannon({
    url: base,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
    setupClient: (client) => client.on('response', (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1)),
  })
  return {
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses,
  }
}
