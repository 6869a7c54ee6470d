import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { loadCatalog } from '../../src/catalog/load.ts'
import { loadConfig } from '../../src/config/env.ts'
import { buildApp } from '../../src/server/app.ts'
import { openAccessStore, openStore } from '../../src/store/open.ts'
import { UNLIMITED_TIERS } from '../helpers/server.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { freshDatabase } from '../helpers/postgres.ts'

/** GONGKAI_DATABASE_URL end to end: `gongkai ingest` writes to PostgreSQL, a server reads from it, no SQLite file is made. */
t.test('with GONGKAI_DATABASE_URL, ingest and the API run on PostgreSQL and no SQLite file is written', async (t) => {
  const fx = makeFixture(t)
  fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(50))
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /stations: published version 1/)

  const config = loadConfig(fx.env)
  const store = openStore(config)
  const access = openAccessStore(config)
  const app = await buildApp({ store, access, tiers: UNLIMITED_TIERS })
  t.teardown(async () => {
    await app.close()
    await store.close()
    await access.close()
  })
  const page = await app.inject('/api/v1/datasets/stations/rows?station__contains=站点3&_sort=-aqi&_limit=3')
  t.equal(page.statusCode, 200, page.body)
  const body = page.json() as { rows?: Array<Record<string, unknown>>; data?: Array<Record<string, unknown>> }
  const rows = body.rows ?? body.data ?? []
  t.equal(rows.length, 3)
  t.ok(rows.every((r) => String(r.station).includes('站点3')))
  const list = await app.inject('/api/v1/datasets?q=空气')
  t.equal(list.statusCode, 200)
  t.match(list.body, /stations/)
  const files = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String)
  t.same(files(config.dataDir).filter((f) => /\.sqlite/.test(f)), [], 'no SQLite file in the data directory')
  t.ok(files(path.join(config.dataDir, 'versions')).some((f) => f.endsWith('.csv')), 'bulk files are files under the data directory')
})

/**
 * The PostgreSQL store hands every request the same frozen dataset record until a change notification:
 * every public page and GET route, asked twice (the second from what was kept), answers as the first did.
 */
t.test('every public route answers alike from what the PostgreSQL store kept', async (t) => {
  const fx = makeFixture(t)
  fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(20))
  t.equal((await fx.cli('ingest')).code, 0)
  // a second version, so that a version's changes have one before it to be against
  fx.writeSource('stations.csv', stationsCsv(21))
  t.equal((await fx.cli('ingest')).code, 0)
  const config = loadConfig(fx.env)
  const store = openStore(config)
  const access = openAccessStore(config)
  const app = await buildApp({ store, access, tiers: UNLIMITED_TIERS, portal: { themes: (await loadCatalog(config.catalogDir)).themes } })
  t.teardown(async () => {
    await app.close()
    await store.close()
    await access.close()
  })
  await app.ready()
  const routes = Object.entries((app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths)
    .filter(([route, methods]) => methods.get && !route.includes('/admin/') && !['/api/v1/me', '/api/v1/applications'].includes(route))
    .map(([route]) => route.replace('{id}', 'stations').replace('{version}', '2').replace('{theme}', encodeURIComponent('生态环境')).replace('{name}', encodeURIComponent('北京市生态环境局')))
  t.ok(routes.length >= 12, `${routes.length} routes`)
  const pages = ['/', '/datasets', '/datasets?q=空气', '/datasets/stations', '/api/v1/datasets/stations/rows?_sort=-aqi&_limit=3', '/api/v1/datasets/stations/aggregate?_group_by=station&_agg=count']
  for (const url of [...routes, ...pages]) {
    const first = await app.inject(url)
    const second = await app.inject(url)
    t.equal(first.statusCode, 200, url)
    t.same([second.statusCode, second.body.length], [first.statusCode, first.body.length], `${url} again`)
  }
})
