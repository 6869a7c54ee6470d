import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { ingestChanged } from '../../src/cli/commands/ingest.ts'
import type { Output } from '../../src/cli/output.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'

const STORE = pathToFileURL(path.resolve(import.meta.dirname, '../../src/store/sqlite/store.ts')).href

async function publishedOnce(fx: Fixture): Promise<void> {
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(10))
  if ((await fx.cli('ingest')).code !== 0) throw new Error('the first ingest failed')
  fx.writeSource('stations.csv', stationsCsv(15))
}

async function servedVersion(fx: Fixture): Promise<number | undefined> {
  const store = new SqliteDatasetStore(fx.config.dataDir)
  try {
    return (await store.getDataset('stations'))?.current?.version
  } finally {
    await store.close()
  }
}

t.test('a second ingest while one runs says so in one line, exit 1, and changes nothing', async (t) => {
  const fx = makeFixture(t)
  await publishedOnce(fx)
  const holder = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => holder.close())
  const lock = holder.lockIngest()

  const blocked = await fx.cli('ingest')
  t.equal(blocked.code, 1)
  t.equal(blocked.stderr, `another ingest is running (pid ${process.pid}); try again when it has finished`)
  t.equal(await servedVersion(fx), 1, 'the published version stays served')

  const dryRun = await fx.cli('ingest', '--dry-run')
  t.equal(dryRun.code, 0, 'a dry run publishes nothing, so it takes no lock')

  lock.release()
  const after = await fx.cli('ingest')
  t.equal(after.code, 0, after.stderr)
  t.match(after.stdout, /stations: published version 2: 15 of 15 rows/)
})

t.test('start\'s ingest reports the running one as a problem and goes on to serve what is published', async (t) => {
  const fx = makeFixture(t)
  await publishedOnce(fx)
  const holder = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => holder.close())
  const lock = holder.lockIngest()
  t.teardown(() => lock.release())
  const lines: string[] = []
  const out: Output = { log: (line) => lines.push(line), error: (line) => lines.push(line) }
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  t.equal(await ingestChanged(fx.config, store, out), 1, 'one problem, no exception')
  t.match(lines, [/^another ingest is running \(pid \d+\)/])
})

t.test('the lock of a process that died (kill -9) blocks nobody', async (t) => {
  const fx = makeFixture(t)
  await publishedOnce(fx)
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
    const { SqliteDatasetStore } = await import(${JSON.stringify(STORE)})
    // held in globals: an unreferenced lock could be collected, and its database closed, while the test runs
    globalThis.store = new SqliteDatasetStore(${JSON.stringify(fx.config.dataDir)})
    globalThis.lock = globalThis.store.lockIngest()
    console.log('locked')
    setInterval(() => {}, 1000)
  `], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => void child.kill('SIGKILL'))
  const [first] = await once(child.stdout, 'data') as [Buffer]
  t.equal(first.toString().trim(), 'locked')

  const blocked = await fx.cli('ingest')
  t.equal(blocked.code, 1)
  t.equal(blocked.stderr, `another ingest is running (pid ${child.pid}); try again when it has finished`)

  child.kill('SIGKILL')
  await once(child, 'exit')
  const after = await fx.cli('ingest')
  t.equal(after.code, 0, after.stderr)
  t.match(after.stdout, /stations: published version 2: 15 of 15 rows/)
})
