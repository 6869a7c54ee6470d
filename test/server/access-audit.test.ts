/** SPEC §3 audit log: every read of conditional data, and nothing else, with who, what and how much. */
import { mock } from 'node:test'
import t from 'tap'
import { makePlatform, UNLIMITED } from '../helpers/access-platform.ts'

t.test('reads of conditional data are audited; other reads and refusals are not', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  // a route that describes what it served, as data routes may (rows, version)
  p.app.get('/api/v1/datasets/:id/test-export', async (request) => {
    request.auditRecord = { version: 1, rows: 7 }
    return { rows: 7 }
  })
  p.app.get('/api/v1/datasets/:id/test-download.csv', { config: { download: true } }, async (_request, reply) => reply.type('text/csv').send('a,b\n1,2\n'))
  const admin = await p.key('admin')
  const granted = await p.grantedKey(['g3', 'g2c'])
  const plain = await p.key()
  const as = (k: { token: string }) => p.auth(k.token)
  mock.timers.enable({ apis: ['Date'], now: new Date('2026-03-02T02:00:00Z').getTime() })
  t.teardown(() => mock.timers.reset())

  const reads: Array<[string, Record<string, string>, number]> = [
    ['/api/v1/datasets/g3/rows?_limit=5', as(granted), 200],
    ['/api/v1/datasets/g3/aggregate?_group_by=district&_agg=count', as(granted), 200],
    ['/api/v1/datasets/g2c/rows', as(granted), 200],
    ['/api/v1/datasets/g3/test-export', as(granted), 200],
    ['/api/v1/datasets/g3/test-download.csv', as(granted), 200],
    // not audited: open data, refusals, errors, metadata
    ['/api/v1/datasets/g1/rows', as(granted), 200],
    ['/api/v1/datasets/g2/rows', as(granted), 200],
    ['/api/v1/datasets/g1/rows', {}, 200],
    ['/api/v1/datasets/g3/rows', as(plain), 403],
    ['/api/v1/datasets/g3/rows', as(admin), 403],
    ['/api/v1/datasets/g3/rows', {}, 401],
    ['/api/v1/datasets/g3/rows?_limit=0', as(granted), 400],
    ['/api/v1/datasets/g3', as(granted), 200],
  ]
  const sizes: number[] = []
  for (const [url, headers, status] of reads) {
    mock.timers.tick(1000)
    const res = await p.app.inject({ url, headers })
    t.equal(res.statusCode, status, url)
    sizes.push(Buffer.byteLength(res.body))
  }
  t.equal((await p.app.inject({ method: 'HEAD', url: '/api/v1/datasets/g3/rows', headers: as(granted) })).statusCode, 200)

  const res = await p.app.inject({ url: '/api/v1/admin/audit', headers: as(admin) })
  t.equal(res.statusCode, 200)
  const { items, next } = res.json()
  t.equal(next, null)
  t.match(items, [
    { at: '2026-03-02T02:00:01.000Z', key_id: granted.id, dataset: 'g3', version: 1, route: 'GET /api/v1/datasets/:id/rows', status: 200, bytes: sizes[0] },
    { at: '2026-03-02T02:00:02.000Z', dataset: 'g3', version: 1, route: 'GET /api/v1/datasets/:id/aggregate', bytes: sizes[1] },
    { dataset: 'g2c', route: 'GET /api/v1/datasets/:id/rows' },
    { dataset: 'g3', version: 1, route: 'GET /api/v1/datasets/:id/test-export', rows: 7 },
    { dataset: 'g3', route: 'GET /api/v1/datasets/:id/test-download.csv', bytes: 8 },
  ])
  t.equal(items.length, 5, 'nothing else')
})

t.test('the audit log filters by dataset, key and time, and pages by keyset cursor', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const admin = p.auth((await p.key('admin')).token)
  const a = await p.grantedKey(['g3', 'g2c'])
  const b = await p.grantedKey(['g3'])
  mock.timers.enable({ apis: ['Date'], now: new Date('2026-03-02T02:00:00Z').getTime() })
  t.teardown(() => mock.timers.reset())
  for (let i = 0; i < 25; i++) {
    mock.timers.tick(60_000)
    const [who, dataset] = i % 5 === 0 ? [b, 'g3'] : i % 2 ? [a, 'g3'] : [a, 'g2c']
    t.equal((await p.app.inject({ url: `/api/v1/datasets/${dataset}/rows?_limit=1`, headers: p.auth(who.token) })).statusCode, 200)
  }
  const audit = async (query: string) => (await p.app.inject({ url: `/api/v1/admin/audit?${query}`, headers: admin })).json()
  const walk = async (query: string) => {
    const seen: Array<{ id: number; key_id: string; dataset: string; at: string }> = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await audit(`${query}&limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items)
      cursor = page.next
      pages++
    } while (cursor)
    return { seen, pages }
  }
  const all = await walk('')
  t.equal(all.seen.length, 25)
  t.equal(all.pages, 7)
  t.same(all.seen.map((e) => e.id), [...all.seen.map((e) => e.id)].sort((x, y) => x - y), 'in order, each once')
  t.equal(new Set(all.seen.map((e) => e.id)).size, 25)

  const byKey = await walk(`key=${b.id}`)
  t.same(byKey.seen.map((e) => [e.key_id, e.dataset]), Array(5).fill([b.id, 'g3']))
  const byDataset = await walk('dataset=g2c')
  t.equal(byDataset.seen.length, 10)
  t.ok(byDataset.seen.every((e) => e.dataset === 'g2c' && e.key_id === a.id))
  const both = await walk(`dataset=g3&key=${a.id}`)
  t.equal(both.seen.length, 10)
  const since = await walk('since=2026-03-02T02:20:00Z')
  t.same(since.seen.map((e) => e.at), all.seen.slice(19).map((e) => e.at), 'from the 20th minute on')
  t.equal((await walk('since=2026-03-02T10:20:00%2B08:00')).seen.length, 6, 'with an offset')

  const bad: Array<[string, string]> = [['cursor=bogus', 'cursor'], ['since=yesterday', 'since'], ['limit=0', 'limit'], ['key=nothex', 'key'], ['dataset_id=g3', 'dataset_id']]
  for (const [query, path] of bad) {
    const res = await p.app.inject({ url: `/api/v1/admin/audit?${query}`, headers: admin })
    t.equal(res.statusCode, 400, query)
    t.ok(res.json().errors?.some((e: { path: string }) => e.path === path), res.body)
  }
  t.equal((await p.app.inject({ url: '/api/v1/admin/audit', headers: p.auth(a.token) })).statusCode, 403)
})
