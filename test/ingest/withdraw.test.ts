import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import type { CatalogEntry } from '../../src/catalog/schema.ts'
import { loadCatalog } from '../../src/catalog/load.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { StricterEntryError } from '../../src/store/types.ts'
import { makeFixture, type Fixture } from '../helpers/fixture.ts'
import { PHONE_AS_IS, PHONE_DROPPED, PHONE_MASKED, penaltiesCatalog, penaltiesCsv, phonesIn } from '../helpers/tightened.ts'

/** Two versions published with the phone numbers as they are. */
async function twoLooseVersions(t: Test, fx: Fixture): Promise<void> {
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_AS_IS))
  fx.writeSource('penalties.csv', penaltiesCsv(20))
  t.equal((await fx.cli('ingest')).code, 0)
  fx.writeSource('penalties.csv', penaltiesCsv(30))
  t.equal((await fx.cli('ingest')).code, 0)
}

function versionDirs(fx: Fixture): string[] {
  return fs.readdirSync(path.join(fx.config.dataDir, 'versions', 'penalties')).sort()
}

/** Every byte under a version directory, as latin1 text (rows file, CSV, gzip-free Arrow and CSV). */
function filesOf(dir: string): string {
  return fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name)).toString('latin1')).join('\n')
}

function openStore(t: Test, fx: Fixture): SqliteDatasetStore {
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  return store
}

t.test('tightening a rule withdraws every version built under the looser one, deletes their files, and says why', async (t) => {
  const fx = makeFixture(t)
  await twoLooseVersions(t, fx)
  t.same(versionDirs(fx), ['1', '2'])
  t.same(phonesIn(filesOf(path.join(fx.config.dataDir, 'versions', 'penalties', '2')), 30).length, 30, 'the fixture really published the numbers')

  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_DROPPED))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  const why = 'fields[2] (phone) is now dropped (was rule keep)'
  t.match(run.stdout, `penalties: withdrew version 1, built under a looser catalog entry: ${why}`)
  t.match(run.stdout, `penalties: withdrew version 2, built under a looser catalog entry: ${why}`)
  t.match(run.stdout, /penalties: published version 3: 30 of 30 rows/, 'the changed entry is ingested at once')

  t.same(versionDirs(fx), ['3'], 'the withdrawn versions\' directories are gone from disk')
  t.same(phonesIn(filesOf(path.join(fx.config.dataDir, 'versions', 'penalties', '3')), 30), [])
  const store = openStore(t, fx)
  const dataset = await store.getDataset('penalties')
  t.same(dataset?.versions.map((v) => v.version), [3])
  t.same(dataset?.withdrawn.map((w) => [w.version, w.by, w.reasons]), [[2, 'catalog', [why]], [1, 'catalog', [why]]])
  await t.rejects(store.readRows('penalties', 2, { limit: 10 }), /not published/)
})

t.test('a loosening, or a change that publishes no more, withdraws nothing', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_MASKED, { grade: 2 }))
  fx.writeSource('penalties.csv', penaltiesCsv(10))
  t.equal((await fx.cli('ingest')).code, 0)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_AS_IS, { grade: 1 }).replace('title: 行政处罚决定', 'title: 行政处罚决定书'))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.notMatch(run.stdout, /withdrew/)
  const dataset = await openStore(t, fx).getDataset('penalties')
  t.same(dataset?.versions.map((v) => v.version), [2, 1], 'the masked version stays beside the new one')
  t.same(dataset?.withdrawn, [])
  t.same(versionDirs(fx), ['1', '2'])
})

t.test('a higher grade or stricter open attribute withdraws what was published to a wider audience', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_MASKED))
  fx.writeSource('penalties.csv', penaltiesCsv(10))
  t.equal((await fx.cli('ingest')).code, 0)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_MASKED, { grade: 3, open: 'conditional' }))
  const run = await fx.cli('ingest')
  t.match(run.stdout, 'penalties: withdrew version 1, built under a looser catalog entry: grade is now 3 (was 1); open is now conditional (was unconditional)')
  const dataset = await openStore(t, fx).getDataset('penalties')
  t.same(dataset?.versions.map((v) => v.version), [2])
})

t.test('when the current version is withdrawn and the new entry cannot be ingested, no version is served and the metadata says why', async (t) => {
  const fx = makeFixture(t)
  await twoLooseVersions(t, fx)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_DROPPED, { path: 'missing.csv' }))
  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stdout, /withdrew version 2/)
  t.match(run.stderr, /penalties: FAILED: .*missing\.csv/)
  const dataset = await openStore(t, fx).getDataset('penalties')
  t.equal(dataset?.current, undefined)
  t.same(dataset?.versions, [])
  t.same(dataset?.withdrawn.map((w) => w.version), [2, 1])
  t.equal(fs.readdirSync(path.join(fx.config.dataDir, 'versions', 'penalties')).length, 0)
})

t.test('a version built while a stricter entry was synchronised is not published, and leaves nothing behind', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_AS_IS))
  fx.writeSource('penalties.csv', penaltiesCsv(3))
  const entryOf = async (): Promise<CatalogEntry> => (await loadCatalog(fx.config.catalogDir)).entries[0]?.entry as CatalogEntry
  const loose = await entryOf()
  const store = openStore(t, fx)
  await store.syncCatalog([loose], new Set(['penalties']))
  const fields = loose.fields.map((f) => ({ name: f.name, type: f.type, title: f.title, ...(f.pii ? { pii: f.pii } : {}), rule: f.rule ?? 'keep', index: false, searchable: false }))
  const writer = await store.beginVersion('penalties', { fields, primaryKey: 'id', fingerprint: 'test' })
  await writer.insert({ rows: [{ id: 1, party: '企业1', phone: '13800007919', amount: 1000 }] as never, rowNumbers: [1] })
  await writer.complete()

  // meanwhile the tightened entry is synchronised (in practice by a steward's gongkai ingest in another process)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_DROPPED))
  await store.syncCatalog([await entryOf()], new Set(['penalties']))

  const refused = await writer.publish(loose, 1).then(() => undefined, (error: unknown) => error)
  t.type(refused, StricterEntryError)
  t.match((refused as Error).message, 'the catalog entry of penalties became stricter while this version was built (fields[2] (phone) is now dropped (was rule keep)); ingest it again')
  await writer.abort()
  t.equal((await store.getDataset('penalties'))?.current, undefined)
  t.notOk(fs.existsSync(path.join(fx.config.dataDir, 'versions', 'penalties', String(writer.version))), 'the refused version\'s directory is removed')
})

t.test('versions kept from before the migration count as built under the entry last synchronised', async (t) => {
  const fx = makeFixture(t)
  await twoLooseVersions(t, fx)
  // the metadata database as the hand-migrated release left it: no entry per version, no withdrawals, and
  // nothing of what the drizzle migrations after it add (the event log, change summaries, webhooks)
  const db = new Database(path.join(fx.config.dataDir, 'gongkai.sqlite'))
  db.exec(`ALTER TABLE versions DROP COLUMN entry_json; ALTER TABLE versions DROP COLUMN changes_json; DROP TABLE withdrawn_versions;
    DROP TABLE catalog_events; DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_subscriptions; DROP TABLE webhook_cursor;
    DROP TABLE __drizzle_migrations; PRAGMA user_version = 3`)
  db.close()

  const store = openStore(t, fx)
  t.same((await store.getDataset('penalties'))?.versions.map((v) => v.version), [2, 1], 'old versions stay readable after the migration')
  t.equal((await store.readRows('penalties', 1, { limit: 100 })).rows.length, 20)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_MASKED))
  const run = await fx.cli('ingest')
  t.match(run.stdout, 'penalties: withdrew version 1, built under a looser catalog entry: fields[2] (phone) is now desensitised (rule mask; was keep)')
  t.match(run.stdout, /withdrew version 2/)
})
