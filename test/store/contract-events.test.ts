import pg from 'pg'
import t from 'tap'
import type { ChangeSummary } from '../../src/store/change-types.ts'
import type { DatasetStore } from '../../src/store/types.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { batchOf, entryOf, open, PLAN, stationRows } from './contract-fixture.ts'

/**
 * The catalog event log and the change summaries kept with versions (issue 12), the same in both stores:
 * what the feeds and the webhook outbox read.
 */
const SUMMARY: ChangeSummary = {
  from: 1, to: 2, matchedBy: 'primary_key', rows: { added: 2, removed: 1, changed: 1, unchanged: 2 }, rowCountDelta: 1,
  fields: [{ field: 'aqi', change: 'retyped', before: { type: 'integer', rule: 'keep' }, after: { type: 'number', rule: 'keep' } }],
}

async function publishWith(store: DatasetStore, id: string, rows: number, changes?: ChangeSummary, entry = entryOf(id)): Promise<number> {
  const writer = await store.beginVersion(id, PLAN)
  await writer.insert(batchOf(stationRows(rows)))
  const { rowCount } = await writer.complete()
  await writer.publish(entry, rowCount, changes)
  return writer.version
}

const brief = (events: Awaited<ReturnType<DatasetStore['listEvents']>>): string[] =>
  events.map((e) => `${e.type} ${e.datasetId}${'version' in e ? ` v${e.version}` : ''}${'reason' in e ? ` ${e.reason}` : ''}`)

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    t.test('syncCatalog records new datasets once, and closed or removed ones with the terms they had', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air'), entryOf('water', { title: '水质', theme: '水务' })], new Set(['air', 'water']))
      await store.syncCatalog([entryOf('air'), entryOf('water', { title: '水质', theme: '水务' })], new Set(['air', 'water']))
      t.same(brief(await store.listEvents({ limit: 10, order: 'oldest-first' })), ['dataset.created air', 'dataset.created water'], 'an unchanged catalog records nothing')

      await store.syncCatalog([entryOf('air', { open: 'closed', grade: 4 })], new Set(['air']))
      await store.syncCatalog([entryOf('air', { open: 'closed', grade: 4, description: '已关闭' })], new Set(['air']))
      const events = await store.listEvents({ limit: 10, order: 'newest-first' })
      t.same(brief(events), ['dataset.closed water removed', 'dataset.closed air closed', 'dataset.created water', 'dataset.created air'],
        'closing is recorded once, a removed file as a closed dataset')
      const removed = events[0]
      t.match(removed, { datasetId: 'water', title: '水质', theme: '水务', provider: '北京市生态环境局', grade: 1, open: 'unconditional' })
      t.match(events[1], { grade: 4, open: 'closed' }, 'the terms of the entry that closed it')
      t.ok(events.every((e, i) => i === 0 || (events[i - 1] as { id: number }).id > e.id), 'newest first by id')
      t.ok(events.every((e) => !Number.isNaN(Date.parse(e.at))))
    })

    t.test('publish keeps the change summary with the version and records the schema change before the version', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      await publishWith(store, 'air', 3)
      await publishWith(store, 'air', 4, SUMMARY)
      const air = await store.getDataset('air')
      t.same(air?.versions.map((v) => v.changes), [SUMMARY, undefined], 'versions[].changes, none for the first version')
      t.same(air?.current?.changes, SUMMARY)

      const events = await store.listEvents({ datasetId: 'air', types: ['version.published', 'dataset.schema_changed'], limit: 10, order: 'oldest-first' })
      t.same(brief(events), ['version.published air v1', 'dataset.schema_changed air v2', 'version.published air v2'])
      t.match(events[0], { rowCount: 3, theme: '生态环境' })
      t.notOk('changes' in (events[0] as object), 'the first version has no summary')
      t.same((events[2] as { changes?: ChangeSummary }).changes, SUMMARY)
      t.same(events[1], { ...events[1], from: 1, fields: SUMMARY.fields })

      await publishWith(store, 'air', 5, { ...SUMMARY, from: 2, to: 3, fields: [] })
      t.same(brief(await store.listEvents({ datasetId: 'air', afterId: (events[2] as { id: number }).id, limit: 10, order: 'oldest-first' })),
        ['version.published air v3'], 'no schema event when no field changed; afterId reads on from a cursor')
    })

    t.test('listEvents filters by dataset, theme, provider and type, and pages by id', async (t) => {
      const { store } = await open(t, kind)
      const entries = [
        entryOf('air'),
        entryOf('bus', { theme: '交通', provider: { name: '交通委' } }),
        entryOf('tram', { theme: '交通', provider: { name: '地铁公司' } }),
      ]
      await store.syncCatalog(entries, new Set(['air', 'bus', 'tram']))
      await publishWith(store, 'bus', 2, undefined, entries[1])
      const ids = (q: Partial<Parameters<DatasetStore['listEvents']>[0]>): Promise<string[]> =>
        store.listEvents({ limit: 10, order: 'oldest-first', ...q }).then(brief)
      t.same(await ids({ theme: '交通' }), ['dataset.created bus', 'dataset.created tram', 'version.published bus v1'])
      t.same(await ids({ provider: '地铁公司' }), ['dataset.created tram'])
      t.same(await ids({ datasetId: 'bus', types: ['dataset.created'] }), ['dataset.created bus'])
      t.same(await ids({ theme: '交通', limit: 2, order: 'newest-first' }), ['version.published bus v1', 'dataset.created tram'])
      t.same(await ids({ theme: '无此主题' }), [])
      const [first] = await store.listEvents({ limit: 1, order: 'oldest-first' })
      t.same(await ids({ afterId: first?.id, limit: 1 }), ['dataset.created bus'])
    })
  })
}

t.test('postgres: an event writer waits for the one before it to commit, so ids are seen in commit order', async (t) => {
  const { store, url } = await open(t, 'postgres')
  await store.syncCatalog([entryOf('air')], new Set(['air']))
  const writer = await store.beginVersion('air', PLAN)
  await writer.insert(batchOf(stationRows(2)))
  const { rowCount } = await writer.complete()

  const holder = new pg.Client({ connectionString: url })
  await holder.connect()
  t.teardown(() => holder.end())
  await holder.query('BEGIN')
  await holder.query('SELECT pg_advisory_xact_lock($1)', [0x676b6576])
  let settled = false
  const publishing = writer.publish(entryOf('air'), rowCount).finally(() => { settled = true })
  // the publisher is seen waiting on the advisory lock: nothing timed
  for (;;) {
    const waiting = await holder.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1", [0x676b6576])
    if (waiting.rowCount) break
    await new Promise((resolve) => setImmediate(resolve))
  }
  t.notOk(settled, 'publish waits while another transaction holds the event log')
  await holder.query('COMMIT')
  await publishing
  t.same(brief(await store.listEvents({ limit: 5, order: 'newest-first', types: ['version.published'] })), ['version.published air v1'])
})
