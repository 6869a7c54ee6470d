import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

const BIN = path.resolve(import.meta.dirname, '../../bin/gongkai.js')

t.test('kill -9 during an ingest leaves the previous version served and no half-built version', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(20))
  t.equal((await fx.cli('ingest')).code, 0)

  fx.writeSource('stations.csv', stationsCsv(600_000))
  const child = spawn(process.execPath, [BIN, 'ingest'], { env: { ...process.env, ...fx.env }, stdio: 'ignore' })
  const building = path.join(fx.config.dataDir, 'versions', 'stations', '2', 'rows.sqlite')
  const deadline = Date.now() + 60_000
  // wait until the new version has rows on disk, so the kill lands mid-ingest
  while (!(fs.existsSync(building) && fs.statSync(building).size > 1_000_000) && Date.now() < deadline) await sleep(20)
  t.ok(fs.existsSync(building), 'the child was building version 2')
  child.kill('SIGKILL')
  await new Promise((resolve) => child.once('exit', resolve))

  const store = new SqliteDatasetStore(fx.config.dataDir)
  const dataset = await store.getDataset('stations')
  t.equal(dataset?.current?.version, 1)
  t.equal(dataset?.current?.rowCount, 20)
  t.same(dataset?.versions.map((v) => v.version), [1])
  t.same(fs.readdirSync(path.join(fx.config.dataDir, 'versions', 'stations')), ['1'], 'the half-built version was swept away')
  await store.close()

  const app = await appFor(t, fx)
  t.equal((await app.inject('/api/v1/datasets/stations/rows?_limit=100')).json().rows.length, 20)

  fx.writeSource('stations.csv', stationsCsv(30))
  const next = await fx.cli('ingest')
  t.match(next.stdout, /stations: published version 2: 30 of 30 rows/, 'the crashed build gave its version number back')
})
