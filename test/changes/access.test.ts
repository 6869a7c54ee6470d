import t from 'tap'
import { gradedCsv, makePlatform } from '../helpers/access-platform.ts'

/**
 * The changes route reads rows, so it answers to the grade policy, the rate limits and the audit log as the
 * row routes do (SPEC §3): grade 2 needs a key, conditional data a grant, closed data nobody; a read of
 * conditional data is audited with the version and the rows served.
 */
t.test('who may read a version\'s changes, and what is audited', async (t) => {
  const p = await makePlatform(t, { rows: 10 })
  for (const id of ['g1', 'g2', 'g2c', 'g3']) p.fx.writeSource(`${id}.csv`, gradedCsv(12))
  const second = await p.fx.cli('ingest')
  t.equal(second.code, 0, second.stderr)
  const key = await p.key()
  const granted = await p.grantedKey(['g2c', 'g3'])
  const changes = async (id: string, token?: string) => {
    const res = await p.app.inject({ url: `/api/v1/datasets/${id}/versions/2/changes`, headers: token ? p.auth(token) : {} })
    return { status: res.statusCode, body: res.json(), ratelimit: res.headers.ratelimit }
  }

  t.match(await changes('g1'), { status: 200, body: { rows: [{ op: 'added', key: 11 }, { op: 'added', key: 12 }] } }, 'grade 1: anyone')
  t.match(await changes('g2'), { status: 401, body: { detail: /needs an API key/ } }, 'grade 2 without a key')
  t.match(await changes('g2', key.token), { status: 200 }, 'grade 2 with any key')
  t.match(await changes('g2c', key.token), { status: 403, body: { detail: /holds no valid grant/ } }, 'conditional without a grant')
  t.match(await changes('g2c', granted.token), { status: 200 }, 'conditional with one')
  t.match(await changes('g3', key.token), { status: 403 }, 'grade 3 without a grant')
  t.match(await changes('g3', granted.token), { status: 200, body: { summary: { rows: { added: 2 } } } }, 'grade 3 with one')
  t.match(await changes('g4', granted.token), { status: 403, body: { detail: /is closed/ } }, 'closed: nobody, whatever the key')
  t.match((await changes('g1')).ratelimit, /"minute";r=\d+;t=\d+/, 'counted against the caller\'s limit')

  const audited = (await p.access.listAudit({ limit: 100 })).filter((e) => e.route.endsWith('/changes'))
  t.equal(audited.length, 2)
  t.match(audited, [
    { datasetId: 'g2c', keyId: granted.id, version: 2, rows: 2, route: 'GET /api/v1/datasets/:id/versions/:version/changes', status: 200 },
    { datasetId: 'g3', keyId: granted.id, version: 2, rows: 2 },
  ], 'the reads of conditional data, and nothing else')
})
