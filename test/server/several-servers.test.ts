/**
 * Three `gongkai start` processes on one PostgreSQL database, one Redis and one data directory, as
 * three hosts behind a load balancer would run (issue 11 §4): any of them serves any request.
 */
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { daysFromToday, gradedCatalog, gradedCsv } from '../helpers/access-platform.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'
import { startGongkai, type GongkaiProcess } from '../helpers/gongkai-process.ts'
import { freshDatabase } from '../helpers/postgres.ts'
import { freePort, keysUnder, testRedis, TEST_REDIS_URL } from '../helpers/redis.ts'

const REGISTERED_PER_MINUTE = 10
/** The servers' Redis key namespace (rate-limit-store.ts): they have no other, so the test deletes its keys' counters itself. */
const SERVER_NAMESPACE = 'gongkai:rate-limit:'

async function createKey(fx: Fixture, tier: string): Promise<{ token: string; id: string }> {
  const created = await fx.cli('keys', 'create', '--name', `several servers ${tier}`, '--tier', tier)
  if (created.code !== 0) throw new Error(created.stderr)
  return { token: created.stdout, id: created.stdout.split('_')[1] as string }
}

const get = (server: GongkaiProcess, url: string, token: string) => fetch(`${server.address}${url}`, { headers: { authorization: `Bearer ${token}` } })

/**
 * Asks every server until it answers `wanted` (each server is told of a change by a PostgreSQL
 * notification, not by a read per request, so the first request after a commit may precede it) and
 * returns how long the slowest took. The target is 1 s; the wait allows more, for a loaded machine.
 */
async function allAnswer(
  servers: readonly GongkaiProcess[], url: string, token: string, wanted: number | ((body: string) => boolean),
): Promise<{ answers: Array<number | string>; slowestMs: number }> {
  const started = performance.now()
  const answers: Array<number | string> = []
  let slowestMs = 0
  for (const server of servers) {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10))
      const res = await get(server, url, token)
      const body = await res.text()
      const answered = typeof wanted === 'number' ? res.status === wanted : wanted(body)
      if (answered || performance.now() - started > 10_000) {
        answers.push(typeof wanted === 'number' ? res.status : body)
        break
      }
    }
    slowestMs = Math.max(slowestMs, performance.now() - started)
  }
  return { answers, slowestMs }
}

t.test('three servers share limits, cursors, keys and versions, and outlive one of them', async (t) => {
  const fx = makeFixture(t)
  fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
  fx.env.GONGKAI_REDIS_URL = TEST_REDIS_URL
  fs.writeFileSync(path.join(fx.root, 'tiers.yaml'), `tiers:\n  registered: { requests_per_minute: ${REGISTERED_PER_MINUTE} }\nfailed_auth_per_minute: 1000\n`)
  fx.env.GONGKAI_TIERS_FILE = path.join(fx.root, 'tiers.yaml')
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(50))
  fx.writeCatalog('g1', gradedCatalog('g1', 1, 'unconditional'))
  fx.writeSource('g1.csv', gradedCsv(5))
  fx.writeCatalog('g3', gradedCatalog('g3', 3, 'conditional'))
  fx.writeSource('g3.csv', gradedCsv(5))
  // ingested once here, so that three servers starting together find nothing to ingest
  const ingested = await fx.cli('ingest')
  t.equal(ingested.code, 0, ingested.stderr)
  const limited = await createKey(fx, 'registered')
  const walker = await createKey(fx, 'partner')
  const revoked = await createKey(fx, 'partner')
  const redis = await testRedis(t)
  t.teardown(async () => {
    for (const { id } of [limited, walker, revoked]) {
      const keys = await keysUnder(redis, `${SERVER_NAMESPACE}*${id}`)
      if (keys.length) await redis.del(...keys)
    }
  })

  // one after another, as a rolling start would: each start takes the ingest lock to look for changes
  const servers: GongkaiProcess[] = []
  for (let i = 0; i < 3; i++) servers.push(await startGongkai(t, ['start'], { ...fx.env, HOST: '127.0.0.1', PORT: String(await freePort()), GONGKAI_QUERY_WORKERS: '1' }))
  t.equal(new Set(servers.map((s) => s.address)).size, 3, 'three servers on three ports')

  t.test('a key’s per-minute limit is exact across the three', async (t) => {
    const statuses: number[] = []
    for (let i = 0; i < 3 * REGISTERED_PER_MINUTE; i++) {
      const res = await get(servers[i % 3] as GongkaiProcess, '/api/v1/datasets/stations/rows?_limit=1', limited.token)
      await res.arrayBuffer()
      statuses.push(res.status)
    }
    t.same(statuses, [...Array(REGISTERED_PER_MINUTE).fill(200), ...Array(2 * REGISTERED_PER_MINUTE).fill(429)], 'the first limit are served, every later one refused')
  })

  t.test('a paged walk alternating servers returns every row once', async (t) => {
    const ids: number[] = []
    let next: string | null = null
    let pages = 0
    do {
      const cursor: string = next === null ? '' : `&_cursor=${encodeURIComponent(next)}`
      const res = await get(servers[pages % 3] as GongkaiProcess, `/api/v1/datasets/stations/rows?_limit=7&_sort=aqi${cursor}`, walker.token)
      t.equal(res.status, 200, `page ${pages + 1}`)
      const page = (await res.json()) as { rows: Array<{ id: number }>; next: string | null }
      ids.push(...page.rows.map((row) => row.id))
      next = page.next
      pages++
    } while (next !== null && pages < 20)
    t.equal(pages, 8, '50 rows in pages of 7')
    t.same([...ids].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1), 'every row, none twice')
  })

  t.test('a key revoked with the CLI is refused by every server', async (t) => {
    for (const server of servers) t.equal((await get(server, '/api/v1/me', revoked.token)).status, 200, `${server.address} knows the key`)
    const revoke = await fx.cli('keys', 'revoke', revoked.id)
    t.equal(revoke.code, 0, revoke.stderr)
    const { answers: statuses, slowestMs } = await allAnswer(servers, '/api/v1/me', revoked.token, 401)
    t.same(statuses, [401, 401, 401], `every server refuses it (the slowest after ${Math.round(slowestMs)} ms)`)
  })

  t.test('a grant approved with the CLI opens the data on every server', async (t) => {
    for (const server of servers) t.equal((await get(server, '/api/v1/datasets/g3/rows', walker.token)).status, 403, `${server.address}: no grant yet`)
    const applied = await fetch(`${servers[1]?.address}/api/v1/datasets/g3/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${walker.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: '研究住房补贴政策的覆盖面与公平性(academic research)', accept_agreement: true }),
    })
    t.equal(applied.status, 201)
    const { id } = (await applied.json()) as { id: number }
    const approve = await fx.cli('applications', 'approve', String(id), '--expires', daysFromToday(30))
    t.equal(approve.code, 0, approve.stderr)
    const { answers: statuses, slowestMs } = await allAnswer(servers, '/api/v1/datasets/g3/rows', walker.token, 200)
    t.same(statuses, [200, 200, 200], `every server serves it (the slowest after ${Math.round(slowestMs)} ms)`)
  })

  t.test('a dataset the catalog closes is closed on every server', async (t) => {
    for (const server of servers) t.equal((await get(server, '/api/v1/datasets/g1/rows', walker.token)).status, 200, `${server.address} serves it`)
    fx.writeCatalog('g1', gradedCatalog('g1', 4, 'closed'))
    const sync = await fx.cli('ingest')
    t.equal(sync.code, 0, sync.stderr)
    const closed = await allAnswer(servers, '/api/v1/datasets/g1/rows', walker.token, 403)
    t.same(closed.answers, [403, 403, 403], `every server refuses its rows (the slowest after ${Math.round(closed.slowestMs)} ms)`)
    for (const server of servers) {
      const metadata = (await (await get(server, '/api/v1/datasets/g1', walker.token)).json()) as { grade: number; open: string }
      t.same({ grade: metadata.grade, open: metadata.open }, { grade: 4, open: 'closed' }, `${server.address} describes it as closed`)
    }
  })

  t.test('a version ingested with the CLI is served by every server', async (t) => {
    fx.writeSource('stations.csv', stationsCsv(60))
    const run = await fx.cli('ingest')
    t.equal(run.code, 0, run.stderr)
    t.match(run.stdout, /stations: published version 2/)
    const { answers, slowestMs } = await allAnswer(servers, '/api/v1/datasets/stations/rows?_limit=100', walker.token, (body) => (JSON.parse(body) as { version: number }).version === 2)
    const pages = answers.map((body) => JSON.parse(body as string) as { version: number; rows: unknown[] }).map((page) => ({ version: page.version, rows: page.rows.length }))
    t.same(pages, Array(3).fill({ version: 2, rows: 60 }), `every server serves version 2 (the slowest after ${Math.round(slowestMs)} ms)`)
  })

  t.test('killing one leaves the other two answering', async (t) => {
    const [killed, ...others] = servers as [GongkaiProcess, ...GongkaiProcess[]]
    killed.child.kill('SIGKILL')
    await killed.exited
    await t.rejects(fetch(`${killed.address}/healthz`), 'the killed one is gone')
    for (const server of others) t.equal((await get(server, '/api/v1/datasets/stations/rows?_limit=5', walker.token)).status, 200, `${server.address} still answers`)
  })
})
