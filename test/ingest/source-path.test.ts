import fs from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'

/** What a symbolic link out of the datasets directory might reach: a secret whose first line looks like a header. */
const SECRET = 'secret-header-line,0123456789abcdef'

async function publishedOnce(t: Test, fx: Fixture): Promise<void> {
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(10))
  const first = await fx.cli('ingest')
  t.equal(first.code, 0, first.stderr)
}

async function stillServesVersionOne(t: Test, fx: Fixture): Promise<void> {
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const dataset = await store.getDataset('stations')
  t.equal(dataset?.current?.version, 1, 'the previously published version is still the current one')
  t.equal((await store.readRows('stations', 1, { limit: 100 })).rows.length, 10)
}

function linkOutside(fx: Fixture, link: string): void {
  const outside = path.join(fx.root, 'outside')
  fs.mkdirSync(outside, { recursive: true })
  fs.writeFileSync(path.join(outside, 'secret.csv'), `${SECRET}\n1,2\n`)
  fs.rmSync(path.join(fx.root, 'datasets', link), { force: true, recursive: true })
  fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(fx.root, 'datasets', link))
}

t.test('a source that is a symbolic link out of the datasets directory is refused naming the catalog file, never its content', async (t) => {
  const fx = makeFixture(t)
  await publishedOnce(t, fx)
  linkOutside(fx, 'stations.csv')

  const run = await fx.cli('ingest')
  t.equal(run.code, 1)
  t.match(run.stderr, /stations: FAILED: .*catalog\/stations\.yaml: source\.path: .*datasets\/stations\.csv: source file leads outside .*datasets through a symbolic link; refused/)
  t.notMatch(run.stderr + run.stdout, /secret/, 'neither the target nor its content is shown')
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('stations', 1)
  t.equal(report?.status, 'failed')
  t.notMatch(JSON.stringify(report), /secret/, 'the stored report does not show it either')
  await stillServesVersionOne(t, fx)

  const validate = await fx.cli('validate')
  t.equal(validate.code, 1)
  t.match(validate.stderr, /catalog\/stations\.yaml: source\.path: .*datasets\/stations\.csv: source file leads outside/)
  t.notMatch(validate.stderr, /secret/)
})

t.test('a link through a directory out of the datasets directory is refused too; links that stay inside are followed', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog({ path: 'linked/stations.csv' }))
  const outside = path.join(fx.root, 'outside')
  fs.mkdirSync(outside)
  fs.writeFileSync(path.join(outside, 'stations.csv'), stationsCsv(5))
  fs.symlinkSync(outside, path.join(fx.root, 'datasets', 'linked'))
  const refused = await fx.cli('ingest')
  t.equal(refused.code, 1)
  t.match(refused.stderr, /source file leads outside .*through a symbolic link; refused/)

  fs.rmSync(path.join(fx.root, 'datasets', 'linked'))
  fs.mkdirSync(path.join(fx.root, 'datasets', 'real'))
  fs.writeFileSync(path.join(fx.root, 'datasets', 'real', 'stations.csv'), stationsCsv(5))
  fs.symlinkSync(path.join(fx.root, 'datasets', 'real'), path.join(fx.root, 'datasets', 'linked'))
  const followed = await fx.cli('ingest')
  t.equal(followed.code, 0, followed.stderr)
  t.match(followed.stdout, /stations: published version 1: 5 of 5 rows/)
})

const VALIDATE_CASES: Array<[string, (fx: Fixture) => void, RegExp]> = [
  ['a missing source file', () => {}, /catalog\/stations\.yaml: source\.path: .*datasets\/stations\.csv: source file not found/],
  ['a directory', (fx) => fs.mkdirSync(path.join(fx.root, 'datasets', 'stations.csv')), /source\.path: .*stations\.csv: source file is not a regular file/],
  ['a link out of the datasets directory', (fx) => linkOutside(fx, 'stations.csv'), /source\.path: .*stations\.csv: source file leads outside/],
  ['a dangling link', (fx) => fs.symlinkSync(path.join(fx.root, 'nowhere.csv'), path.join(fx.root, 'datasets', 'stations.csv')), /source\.path: .*stations\.csv: source file not found/],
]

for (const [name, arrange, expected] of VALIDATE_CASES) {
  t.test(`validate reports ${name} for the entry naming it`, async (t) => {
    const fx = makeFixture(t)
    fx.writeCatalog('stations', stationsCatalog())
    arrange(fx)
    const run = await fx.cli('validate')
    t.equal(run.code, 1)
    t.match(run.stderr, expected)
    t.match(run.stderr, /1 problem\(s\) in 1 file\(s\)/)
  })
}

t.test('validate passes when every source is present, and ignores closed (metadata-only) entries', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(3))
  fx.writeCatalog('archive', stationsCatalog({ path: 'gone.csv' }).replace('id: stations', 'id: archive').replace('grade: 1', 'grade: 4').replace('open: unconditional', 'open: closed'))
  const run = await fx.cli('validate')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /catalog OK: 2 dataset\(s\)/)
})
