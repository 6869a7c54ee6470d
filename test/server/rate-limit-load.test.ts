/**
 * SPEC §6.3 acceptance under load: autocannon with 50 connections, 30 requests each, against a real
 * port, five registered keys with a limit of 200 requests a minute. Each key gets exactly 200 answers
 * that are not 429 (concurrency must not let one slip through or lose one), and nothing fails. The
 * clock stands still, so the minute cannot end during the run however slow the machine is, and the
 * run is a number of requests, not a number of seconds.
 */
import { mock } from 'node:test'
import autocannon from 'autocannon'
import t from 'tap'
import { DEFAULT_TIERS, type TierTable } from '../../src/config/tiers.ts'
import { makePlatform } from '../helpers/access-platform.ts'

const KEYS = 5
const LIMIT = 200
const TIERS: TierTable = { ...DEFAULT_TIERS, tiers: { ...DEFAULT_TIERS.tiers, registered: { requestsPerMinute: LIMIT, downloadsPerHour: 200 } } }

const CONNECTIONS = 50
const PER_CONNECTION = 30

t.test('50 connections, 5 keys, 1500 requests: exactly 200 served per key, no 5xx', async (t) => {
  const p = await makePlatform(t, { tiers: TIERS })
  const keys = await Promise.all(Array.from({ length: KEYS }, (_, i) => p.key('registered', `load ${i}`)))
  const served = new Map<string, Map<number, number>>(keys.map((k) => [k.id, new Map()]))
  const total = CONNECTIONS * PER_CONNECTION
  let answered = 0
  let allAnswered: () => void = () => undefined
  const serverDone = new Promise<void>((resolve) => (allAnswered = resolve))
  p.app.addHook('onResponse', async (request, reply) => {
    const tally = served.get(request.caller.keyId ?? '')
    if (tally) tally.set(reply.statusCode, (tally.get(reply.statusCode) ?? 0) + 1)
    if (++answered === total) allAnswered()
  })
  await p.store.warmUp()
  const base = await p.app.listen({ host: '127.0.0.1', port: 0 })
  mock.timers.enable({ apis: ['Date'], now: Date.now() })
  t.teardown(() => mock.timers.reset())

  const seen = keys.map(() => new Map<number, number>())
  let connection = 0
  const result = await autocannon({
    url: `${base}/api/v1/datasets/g2/rows?_limit=10`,
    connections: CONNECTIONS,
    amount: total,
    maxConnectionRequests: PER_CONNECTION,
    // ten connections per key
    setupClient: (client) => {
      const index = connection++ % KEYS
      client.setHeaders({ authorization: `Bearer ${keys[index]?.token}` })
      client.on('response', (status: number) => seen[index]?.set(status, (seen[index]?.get(status) ?? 0) + 1))
    },
  })
  // the server counts a response when it has sent it, which may come after the client has read it
  await serverDone

  t.equal(result.errors, 0, 'no connection errors')
  t.equal(result.timeouts, 0, 'no timeouts')
  t.equal(result['5xx'], 0, 'no 5xx')
  t.equal(result.non2xx, result['4xx'], 'everything not 2xx is a 4xx')
  for (const [i, key] of keys.entries()) {
    const server = served.get(key.id) as Map<number, number>
    const notLimited = (tally: Map<number, number>) => [...tally].filter(([status]) => status !== 429).reduce((n, [, c]) => n + c, 0)
    t.equal(notLimited(server), LIMIT, `key ${i}: the server answered exactly ${LIMIT} requests without 429 (${JSON.stringify([...server])})`)
    t.same([...server.keys()].sort(), [200, 429], `key ${i}: only 200s and 429s`)
    t.equal(notLimited(seen[i] as Map<number, number>), LIMIT, `key ${i}: and the client saw exactly those`)
  }
  t.comment(`${result.requests.total} requests, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ${result['2xx']} 2xx, ${result['4xx']} 4xx`)
})
