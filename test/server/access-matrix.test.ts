/**
 * SPEC §3 acceptance: every caller × every grade × every data route → the expected status, on a real
 * server listening on a real port, with real keys and grants in the real store. The data routes are
 * the ones the app guards (app.dataRoutes), so aggregate, downloads and versions join the matrix as
 * soon as they exist.
 */
import t from 'tap'
import { DATASETS, gradedCsv, makePlatform, UNLIMITED, type DatasetId } from '../helpers/access-platform.ts'

type CallerName = 'anonymous' | 'registered, no grant' | 'registered with grant' | 'with expired grant' | 'revoked key' | 'expired key' | 'admin'

const ALL_401 = { g1: 401, g2: 401, g2c: 401, g3: 401, g4: 401 } as const

/** Expected statuses; 200 means "served" (any route-specific success such as 206 would be a surprise here). */
const EXPECTED: Readonly<Record<CallerName, Readonly<Record<DatasetId, number>>>> = {
  anonymous: { g1: 200, g2: 401, g2c: 401, g3: 401, g4: 403 },
  'registered, no grant': { g1: 200, g2: 200, g2c: 403, g3: 403, g4: 403 },
  'registered with grant': { g1: 200, g2: 200, g2c: 200, g3: 200, g4: 403 },
  'with expired grant': { g1: 200, g2: 200, g2c: 403, g3: 403, g4: 403 },
  // a key that is presented must be valid, even for open data: no silent fallback to anonymous
  'revoked key': ALL_401,
  'expired key': ALL_401,
  // administrators manage keys and grants; reading conditional data takes a grant like anyone else's
  admin: { g1: 200, g2: 200, g2c: 403, g3: 403, g4: 403 },
}

/** A valid query for routes that need one; unknown routes are called without parameters. */
const SAMPLE_QUERY: Readonly<Record<string, string>> = {
  '/api/v1/datasets/:id/rows': '?_limit=5',
  '/api/v1/datasets/:id/aggregate': '?_group_by=district&_agg=count',
}

/** Version 2, so that a version's changes have one before it to be against. */
function concrete(route: string, datasetId: string): string {
  return route.replace(':id', datasetId).replace(/:[A-Za-z_]+/g, '2') + (SAMPLE_QUERY[route] ?? '')
}

t.test('access matrix: callers × grades × data routes', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  for (const d of DATASETS) if (d.open !== 'closed') p.fx.writeSource(`${d.id}.csv`, gradedCsv(31))
  const second = await p.fx.cli('ingest')
  t.equal(second.code, 0, second.stderr)
  const granted = await p.grantedKey(['g3', 'g2c'])
  const lapsed = await p.grantedKey(['g3', 'g2c'], '2020-01-01')
  const revoked = await p.key()
  await p.access.revokeKey(revoked.id, new Date().toISOString())
  const callers: Record<CallerName, string | undefined> = {
    anonymous: undefined,
    'registered, no grant': (await p.key()).token,
    'registered with grant': granted.token,
    'with expired grant': lapsed.token,
    'revoked key': revoked.token,
    'expired key': (await p.expiredKey()).token,
    admin: (await p.key('admin')).token,
  }
  const base = await p.app.listen({ host: '127.0.0.1', port: 0 })
  const routes = p.app.dataRoutes
  t.ok(routes.includes('/api/v1/datasets/:id/rows'), `data routes: ${routes.join(', ')}`)

  let cells = 0
  for (const route of routes) {
    for (const [caller, token] of Object.entries(callers) as Array<[CallerName, string | undefined]>) {
      for (const { id, grade } of DATASETS) {
        const url = concrete(route, id)
        const res = await fetch(`${base}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
        const body = await res.text()
        const expected = EXPECTED[caller][id]
        t.equal(res.status, expected, `${caller} × ${id} (grade ${grade}) × ${route}: ${res.status} ${body.slice(0, 160)}`)
        if (expected >= 400) {
          t.match(res.headers.get('content-type'), /^application\/problem\+json/, `${caller} × ${id} × ${route}: problem+json`)
          t.equal(JSON.parse(body).status, expected)
        }
        if (expected === 403 && id !== 'g4') t.match(body, /POST \/api\/v1\/datasets\/[a-z0-9]+\/applications/, 'a 403 for conditional data says how to apply')
        if (expected === 403 && id === 'g4') t.match(body, /closed/, 'a 403 for closed data says it is closed')
        cells++
      }
    }
  }
  t.equal(cells, routes.length * 7 * DATASETS.length, `${cells} cells`)
})
