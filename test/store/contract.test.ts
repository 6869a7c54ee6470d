import t from 'tap'
import { IngestLockedError, type DatasetStore, type IngestHold, type PublicField, type VersionPlan } from '../../src/store/types.ts'
import { STORE_KINDS } from '../helpers/postgres.ts'
import { batchOf, entryOf, FIELDS, open, PLAN, publish, stationRows } from './contract-fixture.ts'

/**
 * The store contract, run against the embedded SQLite store and the PostgreSQL one alike: what the
 * routes, ingest and the CLI rely on must not depend on which is configured.
 */
async function lockIngest(store: DatasetStore): Promise<IngestHold> {
  return store.lockIngest()
}

for (const kind of STORE_KINDS) {
  t.test(kind, async (t) => {
    t.test('syncCatalog adds, updates and removes entries; a stricter entry withdraws what a looser one published', async (t) => {
      const { store, traces } = await open(t, kind)
      await store.syncCatalog([entryOf('air'), entryOf('water', { title: '水质' })], new Set(['air', 'water']))
      t.same((await store.listDatasets({ sort: 'id', page: 1, perPage: 10 })).items.map((d) => d.id), ['air', 'water'])
      t.equal(await publish(store, 'air', stationRows(5)), 1)
      t.same(await traces(), kind === 'sqlite' ? ['air/1'] : ['air__v1'])

      const withdrawn = await store.syncCatalog([entryOf('air', { grade: 3, open: 'conditional' })], new Set(['air']))
      t.same(withdrawn.map((w) => [w.datasetId, w.version, w.by]), [['air', 1, 'catalog']])
      t.ok(withdrawn[0]?.reasons.length)
      const air = await store.getDataset('air')
      t.equal(air?.current, undefined, 'no current version after the withdrawal')
      t.same(air?.withdrawn.map((w) => w.version), [1])
      t.equal(air?.entry.grade, 3, 'the new entry applies at once')
      t.equal(await store.getDataset('water'), undefined, 'an id without a file is removed')
      t.same(await traces(), [], 'the withdrawn version\'s rows are gone')
      await t.rejects(store.readRows('air', 1, { limit: 1 }), /not published/)
    })

    t.test('withdrawVersions (gongkai purge) removes the chosen kept versions and keeps the reason', async (t) => {
      const { store, traces } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      await publish(store, 'air', stationRows(3))
      await publish(store, 'air', stationRows(4))
      const withdrawn = await store.withdrawVersions('air', [1], ['a court order'])
      t.same(withdrawn.map((w) => [w.version, w.by, w.reasons]), [[1, 'operator', ['a court order']]])
      const air = await store.getDataset('air')
      t.same(air?.versions.map((v) => v.version), [2])
      t.equal(air?.current?.version, 2)
      t.equal((await traces()).length, 1)
    })

    t.test('listDatasets: search (Chinese substrings of any length, English without case), filters, facets, sorts, pages', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([
        entryOf('air'),
        entryOf('penalties', { title: '行政处罚决定', title_en: 'Administrative penalties', description: '行政处罚案件信息', theme: '信用服务', keywords: ['处罚'], grade: 2, update_frequency: 'monthly', provider: { name: '市场监管局' } }),
        entryOf('roads', { title: '道路运输许可', title_en: undefined, theme: '交通运输', keywords: [], update_frequency: undefined, description: 'Road permits 行政许可' }),
      ], new Set(['air', 'penalties', 'roads']))
      await publish(store, 'roads', stationRows(7))
      const ids = async (search: Record<string, unknown>): Promise<string[]> =>
        (await store.listDatasets({ sort: 'id', page: 1, perPage: 10, ...search })).items.map((d) => d.id)
      t.same(await ids({ q: '处罚' }), ['penalties'], 'two characters')
      t.same(await ids({ q: '空气质量' }), ['air'], 'four characters')
      t.same(await ids({ q: '监测 日报' }), ['air'], 'every term must match')
      t.same(await ids({ q: 'PENALTIES' }), ['penalties'], 'ASCII without case')
      t.same(await ids({ q: 'road' }), ['roads'], 'the description is searched')
      t.same(await ids({ q: '100%' }), [], 'LIKE wildcards are literal')
      t.same(await ids({ theme: '信用服务' }), ['penalties'])
      t.same(await ids({ grade: 1 }), ['air', 'roads'])
      t.same(await ids({ keyword: 'AQI' }), ['air'])
      t.same(await ids({ updateFrequency: 'monthly' }), ['penalties'])
      t.same(await ids({ provider: '市场监管局' }), ['penalties'])
      const all = await store.listDatasets({ sort: 'id', page: 1, perPage: 10 })
      t.same(all.facets.theme, [{ value: '交通运输', count: 1 }, { value: '信用服务', count: 1 }, { value: '生态环境', count: 1 }])
      t.same(all.facets.grade, [{ value: 1, count: 2 }, { value: 2, count: 1 }])
      t.same(all.facets.update_frequency, [{ value: 'daily', count: 1 }, { value: 'monthly', count: 1 }], 'entries stating none are left out')
      t.same(all.facets.open, [{ value: 'unconditional', count: 3 }])
      const roads = all.items.find((d) => d.id === 'roads')
      t.same([roads?.row_count, roads?.version], [7, 1])
      t.same(all.items.find((d) => d.id === 'air')?.row_count, null)
      t.same(await ids({ sort: 'row_count' }), ['air', 'penalties', 'roads'], 'no rows sort first ascending')
      t.same(await ids({ sort: '-row_count' }), ['roads', 'air', 'penalties'])
      t.same(await ids({ sort: 'title' }), ['air', 'penalties', 'roads'].sort((a, b) => {
        const title = (id: string): string => all.items.find((d) => d.id === id)?.title as string
        return Buffer.compare(Buffer.from(title(a)), Buffer.from(title(b)))
      }), 'titles in byte order')
      t.same(await ids({ sort: '-updated_at', q: '行政' }), ['roads', 'penalties'], 'roads changed last (published)')
      t.same(await ids({ sort: 'relevance', q: '行政' }), ['penalties', 'roads'], 'a title match outranks a newer description match')
      const page = await store.listDatasets({ sort: 'id', page: 2, perPage: 2 })
      t.same([page.total, page.items.map((d) => d.id)], [3, ['roads']])
    })

    t.test('versions: numbered, published in one switch, pruned beyond the kept count; an abort leaves no trace and gives its number back', async (t) => {
      const { store, traces } = await open(t, kind, 2)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      for (let i = 1; i <= 3; i++) t.equal(await publish(store, 'air', stationRows(i)), i)
      const air = await store.getDataset('air')
      t.same(air?.versions.map((v) => [v.version, v.rowCount]), [[3, 3], [2, 2]], 'version 1 pruned')
      t.equal(air?.current?.version, 3)
      t.equal((await traces()).length, 2)

      const writer = await store.beginVersion('air', PLAN)
      t.equal(writer.version, 4)
      await writer.insert(batchOf(stationRows(10)))
      t.same((await store.getDataset('air'))?.current?.version, 3, 'a version being built is invisible')
      await writer.abort()
      t.equal((await traces()).length, 2, 'the aborted version left nothing')
      t.equal(await publish(store, 'air', stationRows(1)), 4, 'its number is given back')
    })

    t.test('a trial version checks like a real one and leaves nothing', async (t) => {
      const { store, traces } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      const trial = await store.beginTrialVersion('air', PLAN)
      const rejected = await trial.insert(batchOf([...stationRows(3), { ...stationRows(1)[0], code: 'C9' }]))
      t.same(rejected.map((r) => [r.index, r.field]), [[3, 'id']])
      t.same(await trial.complete(), { rowCount: 3 })
      await t.rejects(trial.publish(entryOf('air'), 3))
      await trial.abort()
      t.same(await traces(), [])
      t.equal((await store.getDataset('air'))?.versions.length, 0)
    })

    t.test('unique constraints reject later duplicates by row, naming the field; the first stays', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      const writer = await store.beginVersion('air', PLAN)
      t.same(await writer.insert(batchOf(stationRows(5))), [])
      const rows = [
        { ...stationRows(1, 6)[0] },
        { ...stationRows(1, 2)[0], code: 'NEW' }, // id 2 again
        { ...stationRows(1, 7)[0], code: 'C6' }, // code of row 6, same batch
        { ...stationRows(1, 8)[0], code: null }, // nulls never collide
        { ...stationRows(1, 9)[0], code: null },
      ]
      const rejected = await writer.insert(batchOf(rows, 6))
      t.same(rejected.map((r) => [r.index, r.field]), [[1, 'id'], [2, 'code']])
      t.match(rejected[0]?.reason, /id must be unique/)
      t.same(await writer.complete(), { rowCount: 8 })
      await writer.publish(entryOf('air'), 8)
      const page = await store.readRows('air', 1, { limit: 100 })
      t.same(page.rows.map((r) => r.id), [1, 2, 3, 4, 5, 6, 8, 9])
      t.equal(page.rows[1]?.code, 'C2', 'the first row with id 2 stayed')
    })

    t.test('batches handed over before the earlier ones settle are stored in order, each checked against all before it', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      const writer = await store.beginVersion('air', PLAN)
      const first = writer.insert(batchOf([...stationRows(3), { ...stationRows(1, 4)[0], code: 'C1' }]))
      const second = writer.insert(batchOf([{ ...stationRows(1, 3)[0], code: 'LATER' }, ...stationRows(2, 5)], 5))
      const third = writer.insert(batchOf([{ ...stationRows(1, 7)[0], code: 'C5' }, { ...stationRows(1, 8)[0], code: 'LATER' }], 8))
      const [a, b, c] = await Promise.all([first, second, third])
      t.same([a, b, c].map((rejected) => rejected.map((r) => [r.index, r.field])), [[[3, 'code']], [[0, 'id']], [[0, 'code']]], 'a rejected row holds no value: LATER is free for id 8')
      t.same(await writer.complete(), { rowCount: 6 })
      await writer.publish(entryOf('air'), 6)
      t.same((await store.readRows('air', 1, { limit: 100 })).rows.map((r) => [r.id, r.code]), [[1, 'C1'], [2, 'C2'], [3, 'C3'], [5, 'C5'], [6, 'C6'], [8, 'LATER']])
    })

    t.test('removeSmallGroups removes rows of groups smaller than k (NULL a value like any other)', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      const writer = await store.beginVersion('air', PLAN)
      // districts: none for 3, 6, 9, 12; 区1 for 1, 5, 7, 11, 13; 区0 for 2, 4, 8, 10
      await writer.insert(batchOf(stationRows(13)))
      const removed = await writer.removeSmallGroups(['district'], 5)
      t.same(removed, [2, 3, 4, 6, 8, 9, 10, 12], 'the groups of four, the one without a district among them')
      t.same(await writer.complete(), { rowCount: 5 })
      await writer.abort()
    })

    t.test('cells come back as they went in: every type, nulls, and text that would break a serialiser', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air', { primary_key: undefined })], new Set(['air']))
      const nasty = ['', ' ', '\\', '\\N', 'a\tb', 'line\nbreak', 'cr\rlf\r\n', '"quoted", comma', "it's", '\u00a0全角　空格', '😀 emoji', 'NULL', '%_', '\b\f\v']
      const rows = nasty.map((code, i) => ({ id: i, station: code, district: null, aqi: i === 0 ? -0.5 : i === 1 ? 1e300 : i * 0.1, open_now: i % 3 === 0 ? null : i % 2 === 0, day: null, code }))
      const plan: VersionPlan = { fields: FIELDS, fingerprint: 'f' }
      const writer = await store.beginVersion('air', plan)
      t.same(await writer.insert(batchOf(rows)), [])
      const { rowCount } = await writer.complete()
      await writer.publish(entryOf('air', { primary_key: undefined }), rowCount)
      const page = await store.readRows('air', 1, { limit: 100 })
      t.same(page.rows, rows, 'identical, row order included')
    })

    t.test('versionRows reads a version back in key order, in batches, while it is built and once kept; versionFiles holds its files', async (t) => {
      const { store } = await open(t, kind)
      const fields: PublicField[] = [
        { name: 'id', type: 'integer', title: '编号', rule: 'keep', index: false, searchable: false },
        { name: 'zoned', type: 'datetime', title: '时间', rule: 'keep', index: false, searchable: false },
        { name: 'local', type: 'datetime', title: '本地', rule: 'keep', index: false, searchable: false },
        { name: 'ok', type: 'boolean', title: '是', rule: 'keep', index: false, searchable: false },
      ]
      const entry = entryOf('times', { fields: fields.map(({ name, type, title }) => ({ name, type, title })) })
      await store.syncCatalog([entry], new Set(['times']))
      const writer = await store.beginVersion('times', { fields, primaryKey: 'id', fingerprint: 't' })
      const rows = [5, 1, 3, 2, 4].map((id) => ({ id, zoned: id === 3 ? null : `2024-01-0${id}T08:00:00${id % 2 ? 'Z' : '+08:00'}`, local: id === 2 ? '2024-01-02T08:00:00Z' : '2024-01-02T08:00:00', ok: id % 2 === 0 }))
      await writer.insert(batchOf(rows))
      await writer.complete()
      const collect = async (): Promise<unknown[][][]> => {
        const reader = await store.versionRows('times', writer.version)
        const batches: unknown[][][] = []
        for await (const batch of reader.batches(2)) batches.push(batch)
        t.same([...await reader.zonedDatetimeFields()], ['zoned'], 'only a field whose every value has a zone')
        await reader.close()
        return batches
      }
      const expected = [[[1, '2024-01-01T08:00:00Z', '2024-01-02T08:00:00', false], [2, '2024-01-02T08:00:00+08:00', '2024-01-02T08:00:00Z', true]],
        [[3, null, '2024-01-02T08:00:00', false], [4, '2024-01-04T08:00:00+08:00', '2024-01-02T08:00:00', true]], [[5, '2024-01-05T08:00:00Z', '2024-01-02T08:00:00', false]]]
      t.same(await collect(), expected, 'while built')
      const files = store.versionFiles('times', writer.version)
      await files.writeJson('files.json', { made: true })
      await writer.publish(entry, 5)
      t.same(await collect(), expected, 'once kept')
      t.same(await store.versionFiles('times', 1).readJson('files.json'), { made: true })
    })

    t.test('readRows pages by key', async (t) => {
      const { store } = await open(t, kind)
      await store.syncCatalog([entryOf('air')], new Set(['air']))
      await publish(store, 'air', stationRows(5))
      const first = await store.readRows('air', 1, { limit: 2 })
      t.same([first.rows.map((r) => r.id), first.lastKey], [[1, 2], 2])
      const last = await store.readRows('air', 1, { limit: 10, after: 4 })
      t.same([last.rows.map((r) => r.id), last.lastKey], [[5], undefined])
    })

    t.test('reports: saved, newest first, by dataset, in keyset pages', async (t) => {
      const { store } = await open(t, kind)
      const ids = [await store.saveReport('air', 'published', { rows: 1 }), await store.saveReport('water', 'failed', { why: '坏' }), await store.saveReport('air', 'published', { rows: 2 })]
      t.same((await store.listReports()).map((r) => r.id), [...ids].reverse())
      const air = await store.listReports('air')
      t.same(air.map((r) => r.report), [{ rows: 2 }, { rows: 1 }])
      t.same((await store.listReports(undefined, 1, ids[2])).map((r) => r.id), [ids[1]])
    })

    t.test('one ingest at a time across processes; the lock is free again once released', async (t) => {
      const { store, another } = await open(t, kind)
      await store.ping()
      const other = another()
      const held = await lockIngest(store)
      const refused = await lockIngest(other).then(() => undefined, (error: unknown) => error)
      t.ok(refused instanceof IngestLockedError, 'a second ingest is refused at once')
      await held.release()
      const again = await lockIngest(other)
      await again.release()
    })

    t.test('access store: keys, credentials with live grants, one pending application, decisions, audit pages', async (t) => {
      const { access } = await open(t, kind)
      await access.createKey({ id: 'k1', name: '研究', tier: 'registered', secretDigest: 'd1', createdAt: '2026-01-01T00:00:00.000Z' })
      await access.createKey({ id: 'k2', name: 'two', tier: 'partner', secretDigest: 'd2', createdAt: '2026-01-02T00:00:00.000Z', expiresOn: '2026-12-31' })
      t.same((await access.listKeys()).map((k) => k.id), ['k1', 'k2'])
      t.same(await access.getKey('k2'), { id: 'k2', name: 'two', tier: 'partner', createdAt: '2026-01-02T00:00:00.000Z', expiresOn: '2026-12-31' }, 'no digest, no nulls')
      const application = await access.createApplication({ keyId: 'k1', datasetId: 'air', purpose: '研究', submittedAt: '2026-01-03T00:00:00.000Z', dueBy: '2026-01-20' })
      t.equal(application?.status, 'pending')
      t.equal(await access.createApplication({ keyId: 'k1', datasetId: 'air', purpose: 'again', submittedAt: '2026-01-03T00:00:00.000Z', dueBy: '2026-01-20' }), undefined)
      const decided = await access.decideApplication(application?.id as number, { status: 'approved', expiresOn: '2026-06-30', decidedAt: '2026-01-04T00:00:00.000Z', decidedBy: 'admin' })
      t.equal(decided?.status, 'approved')
      t.equal(await access.decideApplication(application?.id as number, { status: 'rejected', reason: 'no', decidedAt: 'x', decidedBy: 'y' }), undefined, 'decided once')
      t.same((await access.credentials('k1', '2026-06-30'))?.grantedDatasets, ['air'])
      t.same((await access.credentials('k1', '2026-07-01'))?.grantedDatasets, [], 'the grant ended')
      t.equal((await access.credentials('k1', '2026-01-01'))?.secretDigest, 'd1')
      t.same((await access.listGrants('k1', '2026-02-01')).map((g) => g.datasetId), ['air'])
      t.same((await access.listApplications({ status: 'approved' })).map((a) => a.id), [application?.id])
      await access.touchKey('k1', '2026-01-05T00:00:00.000Z', 60_000)
      await access.touchKey('k1', '2026-01-05T00:00:30.000Z', 60_000)
      t.equal((await access.getKey('k1'))?.lastUsedAt, '2026-01-05T00:00:00.000Z', 'at most once a minute')
      t.equal((await access.revokeKey('k1', '2026-01-06T00:00:00.000Z'))?.revokedAt, '2026-01-06T00:00:00.000Z')
      t.equal((await access.revokeKey('k1', '2026-01-07T00:00:00.000Z'))?.revokedAt, '2026-01-06T00:00:00.000Z', 'the first revocation stays')
      for (let i = 0; i < 3; i++) await access.appendAudit({ at: `2026-01-0${i + 1}T00:00:00.000Z`, keyId: 'k1', datasetId: 'air', version: 1, route: 'GET /rows', status: 200, rows: i })
      const audit = await access.listAudit({ keyId: 'k1', since: '2026-01-02T00:00:00.000Z', limit: 1 })
      t.same(audit.map((a) => a.rows), [1])
      t.same((await access.listAudit({ datasetId: 'air', afterId: audit[0]?.id as number, limit: 10 })).map((a) => a.rows), [2])
    })
  })
}
