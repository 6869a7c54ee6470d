import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { METADATA_FILE } from '../../src/store/sqlite/migrations.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/** Every directory and file under `root` with its permission bits, as `0700 versions/stations`. */
function modes(root: string): string[] {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name)
      const stat = fs.lstatSync(file)
      found.push(`${(stat.mode & 0o777).toString(8).padStart(4, '0')} ${path.relative(root, file)}`)
      if (stat.isDirectory()) walk(file)
    }
  }
  walk(root)
  return found.sort()
}

t.test('every file the platform writes under the data directory is 0600 and every directory 0700, whatever the umask', async (t) => {
  const umask = process.umask(0)
  t.teardown(() => void process.umask(umask))
  const fx = makeFixture(t)
  delete fx.env.GONGKAI_PSEUDONYM_KEY // so that the key file is written too
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(20))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.equal((await fx.cli('ingest', '--dry-run', 'stations')).code, 0)
  const app = await appFor(t, fx)
  t.equal((await app.inject('/api/v1/datasets/stations/download.csv?bom=1')).statusCode, 200, 'the spreadsheet copy is written on demand')

  const dataDir = fx.config.dataDir
  t.equal((fs.statSync(dataDir).mode & 0o777).toString(8), '700', 'the data directory')
  const all = modes(dataDir)
  for (const expected of ['pseudonym.key', METADATA_FILE, `${METADATA_FILE}-wal`, 'versions/stations/1/rows.sqlite', 'ingest.lock']) {
    t.ok(all.some((line) => line.endsWith(` ${expected}`)), `${expected} is among the files checked`)
  }
  t.ok(all.some((line) => /versions\/stations\/1\/.*\.csv$/.test(line)), 'bulk files are among them')
  const loose = all.filter((line) => !line.startsWith('0600 ') && !line.startsWith('0700 '))
  t.same(loose, [], 'nothing is readable by the machine\'s other users')
  const looseDirs = all.filter((line) => line.startsWith('0600 ') && fs.statSync(path.join(dataDir, line.slice(5))).isDirectory())
  t.same(looseDirs, [])
})

t.test('a data directory left readable to others (an older release, a hand-made volume) is tightened when opened', async (t) => {
  const fx = makeFixture(t)
  const dataDir = fx.config.dataDir
  fs.mkdirSync(dataDir, { mode: 0o755 })
  fs.chmodSync(dataDir, 0o755)
  new SqliteDatasetStore(dataDir).close()
  fs.chmodSync(path.join(dataDir, METADATA_FILE), 0o644)
  fs.chmodSync(dataDir, 0o755)

  const store = new SqliteDatasetStore(dataDir)
  t.teardown(() => store.close())
  t.equal((fs.statSync(dataDir).mode & 0o777).toString(8), '700')
  t.equal((fs.statSync(path.join(dataDir, METADATA_FILE)).mode & 0o777).toString(8), '600')
})
