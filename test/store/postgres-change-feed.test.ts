/**
 * Issue 11 §4: what one server writes reaches the others by a PostgreSQL notification, and between
 * changes a server answers dataset and key reads from what it kept, without a query. Two stores on one
 * database stand for two servers.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { PostgresAccessStore } from '../../src/store/postgres/access-store.ts'
import { decodeChange, encodeChange } from '../../src/store/postgres/change-feed.ts'
import { PostgresDatasetStore } from '../../src/store/postgres/store.ts'
import { freshDatabase } from '../helpers/postgres.ts'
import { entryOf, publish, stationRows } from './contract-fixture.ts'

t.test('change payloads round-trip; anything else on the channel is ignored', async (t) => {
  for (const change of [{ topic: 'dataset', id: 'air' }, { topic: 'key', id: 'k1:with:colons' }, { topic: 'dataset', id: '空气' }] as const) {
    t.same(decodeChange(encodeChange(change)), change, encodeChange(change))
  }
  for (const payload of ['', 'dataset', ':air', 'version:air', 'datasets:air']) t.equal(decodeChange(payload), undefined, JSON.stringify(payload))
})

function datasetStore(t: Test, url: string): PostgresDatasetStore {
  const store = new PostgresDatasetStore(url, path.join(t.testdir(), crypto.randomUUID()))
  t.teardown(() => store.close())
  return store
}

async function admin(t: Test, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(() => client.end())
  return client
}

/** Reads until `done` holds (a notification travels between sessions); fails the test after 10 s. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = performance.now() + 10_000
  for (;;) {
    const value = await read()
    if (done(value) || performance.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The listening sessions of this database, as PostgreSQL counts them. */
async function listeners(client: pg.Client): Promise<number[]> {
  const found = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gongkai-changes'")
  return found.rows.map((r) => r.pid)
}

/**
 * Two servers on a fresh database with `air` published by `one` (3 rows), `other` listening (its first read
 * starts the listener) and keeping what it reads; `sql` an administrator's session.
 */
async function twoServers(t: Test): Promise<{ one: PostgresDatasetStore; other: PostgresDatasetStore; sql: pg.Client; listener: number }> {
  const url = await freshDatabase(t)
  const [one, other] = [datasetStore(t, url), datasetStore(t, url)]
  await one.syncCatalog([entryOf('air')], new Set(['air']))
  await publish(one, 'air', stationRows(3))
  const sql = await admin(t, url)
  await other.getDataset('air')
  const [listener] = await eventually(() => listeners(sql), (pids) => pids.length === 1)
  await eventually(() => other.getDataset('air'), (d) => d !== undefined && Object.isFrozen(d))
  return { one, other, sql, listener: listener as number }
}

t.test('a version published by one server is seen by another, which reads nothing between changes', async (t) => {
  const { one, other, sql } = await twoServers(t)
  t.equal((await eventually(() => other.getDataset('air'), (d) => d?.current?.version === 1))?.current?.version, 1)
  const listing = { sort: 'id', page: 1, perPage: 10 } as const
  await eventually(() => other.listDatasets(listing), (page) => Object.isFrozen(page))

  await sql.query('ALTER TABLE datasets RENAME TO datasets_away')
  t.equal((await other.getDataset('air'))?.current?.rowCount, 3, 'answered from what it kept: the table is not even there')
  t.equal((await other.listDatasets(listing)).total, 1, 'so is a listing it read once')
  await sql.query('ALTER TABLE datasets_away RENAME TO datasets')

  await publish(one, 'air', stationRows(5))
  t.equal((await one.getDataset('air'))?.current?.version, 2, 'the publishing server forgets at once')
  const seen = await eventually(() => other.getDataset('air'), (d) => d?.current?.version === 2)
  t.same({ version: seen?.current?.version, rows: seen?.current?.rowCount }, { version: 2, rows: 5 }, 'the other hears of it')

  await one.syncCatalog([entryOf('air', { title: '新标题' })], new Set(['air']))
  t.equal((await eventually(() => other.getDataset('air'), (d) => d?.entry.title === '新标题'))?.entry.title, '新标题', 'a catalog change too')
  t.same((await eventually(() => other.listDatasets(listing), (p) => p.items[0]?.title === '新标题')).items.map((i) => i.title), ['新标题'], 'and the listings')

  await one.syncCatalog([], new Set())
  t.equal(await eventually(() => other.getDataset('air'), (d) => d === undefined), undefined, 'and a dataset gone from the catalog')
})

t.test('what a server kept is shared by every request, so it cannot be changed by one', async (t) => {
  const url = await freshDatabase(t)
  const store = datasetStore(t, url)
  await store.syncCatalog([entryOf('air')], new Set(['air']))
  await publish(store, 'air', stationRows(2))
  const kept = await eventually(() => store.getDataset('air'), (d) => d !== undefined && Object.isFrozen(d))
  t.ok(Object.isFrozen(kept) && Object.isFrozen(kept?.versions) && Object.isFrozen(kept?.entry.fields[0]), 'frozen to the leaves')
  t.throws(() => (kept?.versions as unknown[]).pop(), TypeError)
})

t.test('a server whose listening session is lost reads afresh until it listens again, missing nothing', async (t) => {
  const { one, other, sql, listener } = await twoServers(t)

  // the administrator ends the session: a notification sent meanwhile would never arrive
  await sql.query('SELECT pg_terminate_backend($1)', [listener])
  await eventually(() => listeners(sql), (pids) => !pids.includes(listener))
  await publish(one, 'air', stationRows(4))
  t.equal((await eventually(() => other.getDataset('air'), (d) => d?.current?.version === 2))?.current?.rowCount, 4, 'the change made while it was deaf is seen')
  const [again] = await eventually(() => listeners(sql), (pids) => pids.length === 1 && pids[0] !== listener)
  t.not(again, listener, 'it listens again on a new session')
  await publish(one, 'air', stationRows(6))
  t.equal((await eventually(() => other.getDataset('air'), (d) => d?.current?.version === 3))?.current?.rowCount, 6, 'and hears the next change')
})

t.test('a revocation, a new key and a grant by one server reach another, which reads no key between changes', async (t) => {
  const url = await freshDatabase(t)
  const datasets = datasetStore(t, url)
  await datasets.syncCatalog([entryOf('air', { grade: 3, open: 'conditional' })], new Set(['air']))
  const [one, other] = [new PostgresAccessStore(url), new PostgresAccessStore(url)]
  t.teardown(() => Promise.all([one.close(), other.close()]))
  const today = '2026-12-03'
  const key = { id: 'k1', name: 'partner', tier: 'partner' as const, secretDigest: 'ab'.repeat(32), createdAt: '2026-12-01T00:00:00.000Z' }
  t.equal(await other.credentials('k2', today), undefined, 'k2 is unknown (and so kept)')
  await one.createKey(key)
  await one.createKey({ ...key, id: 'k2' })
  const sql = await admin(t, url)
  await eventually(() => listeners(sql), (pids) => pids.length >= 1)
  t.equal((await eventually(() => other.credentials('k2', today), (c) => c !== undefined))?.key.id, 'k2', 'a key created elsewhere is known')
  await eventually(() => other.credentials('k1', today), (c) => c !== undefined && Object.isFrozen(c))

  await sql.query('ALTER TABLE api_keys RENAME TO api_keys_away')
  t.equal((await other.credentials('k1', today))?.key.id, 'k1', 'answered from what it kept: the table is not even there')
  await sql.query('ALTER TABLE api_keys_away RENAME TO api_keys')

  const application = await one.createApplication({ keyId: 'k1', datasetId: 'air', purpose: 'research', submittedAt: `${today}T08:00:00.000Z`, dueBy: '2026-12-31' })
  await one.decideApplication(application?.id as number, { status: 'approved', expiresOn: '2027-01-31', decidedAt: `${today}T09:00:00.000Z`, decidedBy: 'admin' })
  t.same((await eventually(() => other.credentials('k1', today), (c) => c?.grantedDatasets.length === 1))?.grantedDatasets, ['air'], 'the grant is seen')
  await one.revokeKey('k1', `${today}T10:00:00.000Z`)
  t.equal((await eventually(() => other.credentials('k1', today), (c) => c?.key.revokedAt !== undefined))?.key.revokedAt, `${today}T10:00:00.000Z`, 'and the revocation')
})
