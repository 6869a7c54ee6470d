/** Who may keep a copy of each class of response (src/server/cache-policy.ts), checked on the real routes. */
import t from 'tap'
import { makePlatform, UNLIMITED } from '../helpers/access-platform.ts'

t.test('keyed responses are private, no-store; anonymous grade-1 data may be cached; errors never', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const registered = p.auth((await p.key()).token)
  const admin = p.auth((await p.key('admin')).token)
  const granted = p.auth((await p.grantedKey(['g3'])).token)
  const anonymous = {}
  const etag = (await p.app.inject('/api/v1/datasets/g1/download.csv')).headers.etag as string
  const feedTag = (await p.app.inject('/feeds/datasets/g3.atom')).headers.etag as string
  const PRIVATE = 'private, no-store'
  const cases: Array<[string, string, Record<string, string>, number, string | undefined]> = [
    // queries
    ['GET', '/api/v1/datasets/g1/rows', anonymous, 200, 'public, max-age=60'],
    ['GET', '/api/v1/datasets/g1/aggregate?_group_by=district&_agg=count', anonymous, 200, 'public, max-age=60'],
    ['GET', '/api/v1/datasets/g1/rows', registered, 200, PRIVATE],
    ['GET', '/api/v1/datasets/g2/rows?_format=csv', registered, 200, PRIVATE],
    ['GET', '/api/v1/datasets/g2/aggregate?_group_by=district&_agg=count', registered, 200, PRIVATE],
    ['GET', '/api/v1/datasets/g3/rows', granted, 200, PRIVATE],
    // the caller's own records and administration
    ['GET', '/api/v1/me', registered, 200, PRIVATE],
    ['GET', '/api/v1/applications', granted, 200, PRIVATE],
    ['GET', '/api/v1/admin/applications', admin, 200, PRIVATE],
    ['GET', '/api/v1/admin/audit', admin, 200, PRIVATE],
    ['GET', '/api/v1/admin/keys', admin, 200, PRIVATE],
    // bulk files keep their validators; grant-only data is never stored
    ['GET', '/api/v1/datasets/g1/download.csv', anonymous, 200, 'public, no-cache'],
    ['GET', '/api/v1/datasets/g1/versions/1/download.csv.gz', anonymous, 200, 'public, max-age=31536000, immutable'],
    ['GET', '/api/v1/datasets/g1/download.csv', registered, 200, 'private, no-cache'],
    ['GET', '/api/v1/datasets/g2/download.arrow', registered, 200, 'private, no-cache'],
    ['GET', '/api/v1/datasets/g2/versions/1/download.csv', registered, 200, 'private, max-age=31536000, immutable'],
    ['GET', '/api/v1/datasets/g3/download.csv', granted, 200, PRIVATE],
    ['GET', '/api/v1/datasets/g3/versions/1/download.csv?bom=1', granted, 200, PRIVATE],
    ['GET', '/api/v1/datasets/g1/download.csv', { 'if-none-match': etag }, 304, 'public, no-cache'],
    // public metadata: left to the client unless a key was sent
    ['GET', '/api/v1/datasets', anonymous, 200, undefined],
    ['GET', '/api/v1/datasets/g1', anonymous, 200, undefined],
    ['GET', '/api/v1/datasets/g1', registered, 200, PRIVATE],
    // feeds: public metadata that changes with each event, revalidated by its ETag
    ['GET', '/feeds/catalog.atom', anonymous, 200, 'public, no-cache'],
    ['GET', '/feeds/datasets/g3.atom', { 'if-none-match': feedTag }, 304, 'public, no-cache'],
    ['GET', '/feeds/catalog.atom', registered, 200, PRIVATE],
    ['GET', '/feeds/datasets/nothing.atom', anonymous, 404, 'no-store'],
    // errors, whoever asks
    ['GET', '/api/v1/datasets/g2/rows', anonymous, 401, 'no-store'],
    ['GET', '/api/v1/datasets/g3/rows', registered, 403, 'no-store'],
    ['GET', '/api/v1/datasets/g1/rows?_limit=0', anonymous, 400, 'no-store'],
    ['GET', '/api/v1/datasets/g1/rows', { authorization: 'Bearer gk_0123456789abcdef_00' }, 401, 'no-store'],
    ['GET', '/api/v1/nothing-here', anonymous, 404, 'no-store'],
    ['GET', '/api/v1/datasets/g4/download.csv', anonymous, 403, 'no-store'],
  ]
  for (const [method, url, headers, status, cacheControl] of cases) {
    const res = await p.app.inject({ method: method as 'GET', url, headers })
    const who = Object.keys(headers).length ? Object.keys(headers)[0] : 'anonymous'
    t.equal(res.statusCode, status, `${url} (${who}): ${res.body.slice(0, 120)}`)
    t.equal(res.headers['cache-control'], cacheControl, `${url} (${who}) → ${cacheControl}`)
    t.match(res.headers.vary, /Authorization, X-API-Key/, 'varies by the credentials')
  }
  t.match((await p.app.inject('/api/v1/datasets/g1/rows')).headers.vary, /Accept/, 'a query also by the format asked for')
  const created = await p.app.inject({ method: 'POST', url: '/api/v1/datasets/g2c/applications', headers: registered, payload: { purpose: 'a study of the district budgets', accept_agreement: true } })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['cache-control'], PRIVATE, 'a created application')
})
