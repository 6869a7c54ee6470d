import fs from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, type Fixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'
import { PHONE_MASKED, penaltiesCatalog, penaltiesCsv } from '../helpers/tightened.ts'

async function twoVersions(t: Test): Promise<Fixture> {
  const fx = makeFixture(t)
  fx.writeCatalog('penalties', penaltiesCatalog(PHONE_MASKED))
  fx.writeSource('penalties.csv', penaltiesCsv(10))
  t.equal((await fx.cli('ingest')).code, 0)
  fx.writeSource('penalties.csv', penaltiesCsv(12))
  t.equal((await fx.cli('ingest')).code, 0)
  return fx
}

const dirsOf = (fx: Fixture): string[] => fs.readdirSync(path.join(fx.config.dataDir, 'versions', 'penalties')).sort()

t.test('purge --version N withdraws one version at once, also for a running server, with the reason given', async (t) => {
  const fx = await twoVersions(t)
  const app = await appFor(t, fx)
  t.equal((await app.inject('/api/v1/datasets/penalties/versions/1/download.csv')).statusCode, 200)
  const run = await fx.cli('purge', 'penalties', '--version', '1', '--reason', '当事人申请信用修复')
  t.equal(run.code, 0, run.stderr)
  t.equal(run.stdout, 'penalties: withdrew version 1: removed by an operator: 当事人申请信用修复; its rows and files are deleted')
  t.same(dirsOf(fx), ['2'])
  const gone = await app.inject('/api/v1/datasets/penalties/versions/1/download.csv')
  t.equal(gone.statusCode, 410)
  t.match(gone.json(), { detail: /^version 1 of penalties was withdrawn on \d{4}-\d{2}-\d{2}: removed by an operator: 当事人申请信用修复$/, withdrawn_by: 'operator' })
  t.equal((await app.inject('/api/v1/datasets/penalties/download.csv')).statusCode, 200, 'the current version is still served')
  t.match((await app.inject('/api/v1/datasets/penalties')).json(), { version: 2, versions: [{ version: 2 }], withdrawn: [{ version: 1, withdrawn_by: 'operator' }] })

  const again = await fx.cli('purge', 'penalties', '--version', '1')
  t.equal(again.code, 0)
  t.match(again.stdout, /^penalties: version 1 was already withdrawn on [\d-]+ \(removed by an operator: 当事人申请信用修复\); nothing to purge$/)
})

t.test('purge ID withdraws every kept version; the same entry and source are not rebuilt until the operator names the dataset', async (t) => {
  const fx = await twoVersions(t)
  const run = await fx.cli('purge', 'penalties')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, 'penalties: withdrew version 2: removed by an operator; its rows and files are deleted')
  t.match(run.stdout, 'penalties: withdrew version 1: removed by an operator')
  t.match(run.stdout, 'penalties: no version is served now; the same catalog entry and source are not ingested again unless you run gongkai ingest penalties')
  t.same(dirsOf(fx), [])
  const app = await appFor(t, fx)
  const rows = await app.inject('/api/v1/datasets/penalties/rows')
  t.equal(rows.statusCode, 410)
  t.match(rows.json().detail, /^version 2 of penalties was withdrawn on [\d-]+: removed by an operator; no version is served until the dataset is ingested again$/)

  const start = await fx.cli('ingest')
  t.equal(start.code, 0)
  t.match(start.stdout, /^penalties: not ingested: version 2, built from this catalog entry and source, was removed by an operator on [\d-]+; change either, or run gongkai ingest penalties to publish it again$/)
  t.same(dirsOf(fx), [])
  const named = await fx.cli('ingest', 'penalties')
  t.match(named.stdout, /penalties: published version 3: 12 of 12 rows/)
  fx.writeSource('penalties.csv', penaltiesCsv(13))
  const changed = await fx.cli('purge', 'penalties')
  t.equal(changed.code, 0)
  t.match((await fx.cli('ingest')).stdout, /penalties: published version 4: 13 of 13 rows/, 'a changed source is ingested as usual')

  const empty = await fx.cli('purge', 'penalties', '--version', '4')
  t.equal(empty.code, 0)
  const none = await fx.cli('purge', 'penalties')
  t.equal(none.code, 0)
  t.equal(none.stdout, 'penalties: no version is kept; nothing to purge')
})

t.test('purge refuses unknown datasets and versions precisely, and arguments it cannot use as usage errors', async (t) => {
  const fx = await twoVersions(t)
  const cases: Array<[string[], number, RegExp]> = [
    [['purge', 'nope'], 1, /^purge: no dataset nope in the store \(gongkai ingest adds the valid catalog entries\)$/],
    [['purge', 'penalties', '--version', '9'], 1, /^purge: dataset penalties has no version 9 \(kept: 2, 1\)$/],
    [['purge', 'penalties', '--version', 'two'], 2, /^--version must be a version number: a positive integer/],
    [['purge', 'penalties', '--version', '0'], 2, /^--version must be a version number/],
    [['purge', 'penalties', '--reason', '  '], 2, /^--reason must be one line of 1 to 500 characters/],
    [['purge', 'gk_0123456789abcdef_s3cr3ts3cr3t'], 2, /^ID must be a dataset id: lower-case letters, digits and single dashes \(what was given is not repeated here\)/],
    [['purge'], 2, /purge ID/],
    [['purge', 'penalties', '--force'], 2, /force/],
  ]
  for (const [args, code, message] of cases) {
    const run = await fx.cli(...args)
    t.equal(run.code, code, args.join(' '))
    t.match(run.stderr, message, args.join(' '))
    t.notMatch(run.stderr + run.stdout, /s3cr3t/, 'a pasted secret is never repeated')
  }
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  t.same((await store.getDataset('penalties'))?.versions.map((v) => v.version), [2, 1], 'nothing was withdrawn')
  t.same(dirsOf(fx), ['1', '2'])
})

t.test('purge waits for no ingest: while one runs it refuses, so that nothing purged is published again behind it', async (t) => {
  const fx = await twoVersions(t)
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const lock = store.lockIngest()
  const run = await fx.cli('purge', 'penalties')
  lock.release()
  t.equal(run.code, 1)
  t.match(run.stderr, /^purge: another ingest is running .*; try again when it has finished$/)
  t.same(dirsOf(fx), ['1', '2'], 'nothing was withdrawn')
  t.equal((await fx.cli('purge', 'penalties')).code, 0, 'once it has finished, purge goes ahead')
  t.same(dirsOf(fx), [])
})
