/**
 * Anonymous limits are per client IP. Behind a trusted reverse proxy the client is the address the
 * proxy puts in X-Forwarded-For; otherwise that header is the client's own claim and is ignored.
 */
import t, { type Test } from 'tap'
import type { TrustProxy } from '../../src/config/env.ts'
import { uniformTiers } from '../../src/config/tiers.ts'
import { makePlatform } from '../helpers/access-platform.ts'

const QUOTA = 3
const URL = '/api/v1/datasets/g1/rows?_limit=1'

async function statuses(t: Test, trustProxy: TrustProxy | undefined, forwardedFor: string[]): Promise<number[]> {
  const p = await makePlatform(t, { tiers: uniformTiers(QUOTA), ...(trustProxy ? { trustProxy } : {}) })
  const seen: number[] = []
  // app.inject connects from 127.0.0.1, the proxy in these tests
  for (const client of forwardedFor) seen.push((await p.app.inject({ url: URL, headers: { 'x-forwarded-for': client } })).statusCode)
  return seen
}

const TWO_CLIENTS = ['203.0.113.1', '203.0.113.1', '203.0.113.1', '198.51.100.2', '198.51.100.2', '198.51.100.2', '203.0.113.1']

t.test('behind a trusted proxy each forwarded client has its own quota', async (t) => {
  t.same(await statuses(t, ['127.0.0.1'], TWO_CLIENTS), [200, 200, 200, 200, 200, 200, 429])
})

t.test('a hop count trusts the nearest proxy only: a client cannot pick its bucket by prepending addresses', async (t) => {
  const spoofing = ['1.1.1.1, 203.0.113.1', '2.2.2.2, 203.0.113.1', '3.3.3.3, 203.0.113.1', '4.4.4.4, 203.0.113.1']
  t.same(await statuses(t, 1, spoofing), [200, 200, 200, 429])
})

t.test('without a trusted proxy X-Forwarded-For is ignored and everyone here is 127.0.0.1', async (t) => {
  t.same(await statuses(t, undefined, TWO_CLIENTS.slice(0, 4)), [200, 200, 200, 429])
})
