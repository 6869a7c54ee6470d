import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { loadConfig } from '../../src/config/env.ts'
import { buildApp } from '../../src/server/app.ts'
import { openStore } from '../../src/store/open.ts'
import type { DatasetStore } from '../../src/store/types.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'
import { freshDatabase, type StoreKind } from '../helpers/postgres.ts'
import { UNLIMITED_TIERS } from '../helpers/server.ts'

/**
 * Two ingests of real CSV files through the CLI, in either store: `stations` (primary key id) edited between
 * them (rows 3 and 4 deleted, the aqi of 5–9 changed, 31–35 added) and `readings` (no primary key, rows
 * repeating), whose second version pairs up as a multiset. What the endpoint and CLI tests read.
 */
export const READINGS_CATALOG = `id: readings
title: 监测读数
provider: { name: 北京市生态环境局 }
theme: 生态环境
grade: 1
open: unconditional
source: { path: readings.csv }
fields:
  - { name: station, type: string, title: 站点 }
  - { name: value, type: integer, title: 读数 }
`

export const READINGS_V1 = 'station,value\na,1\na,1\nb,2\nc,3\n'
export const READINGS_V2 = 'station,value\na,1\nb,2\nb,2\nd,4\n'

/** The stations file of the second version: see above. */
export function editedStations(): string {
  const [header, ...lines] = stationsCsv(35).trim().split('\n')
  const edited = lines.filter((line) => !/^[34],/.test(line)).map((line) => {
    const cells = line.split(',')
    const id = Number(cells[0])
    if (id >= 5 && id <= 9) cells[2] = '499'
    return cells.join(',')
  })
  return `${[header, ...edited].join('\n')}\n`
}

/** The changes of `stations` version 2 in key order: [op, id]. */
export const STATION_CHANGES: ReadonlyArray<[string, number]> = [
  ['removed', 3], ['removed', 4], ...[5, 6, 7, 8, 9].map((id) => ['changed', id] as [string, number]), ...[31, 32, 33, 34, 35].map((id) => ['added', id] as [string, number]),
]

export interface Ingested {
  fx: Fixture
  store: DatasetStore
  app: FastifyInstance
  /** What the second `gongkai ingest` printed. */
  secondIngest: string
}

export async function ingestTwice(t: Test, kind: StoreKind, extra: { env?: Record<string, string> } = {}): Promise<Ingested> {
  const fx = makeFixture(t)
  if (kind === 'postgres') fx.env.GONGKAI_DATABASE_URL = await freshDatabase(t)
  Object.assign(fx.env, extra.env)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeCatalog('readings', READINGS_CATALOG)
  fx.writeSource('stations.csv', stationsCsv(30))
  fx.writeSource('readings.csv', READINGS_V1)
  const first = await fx.cli('ingest')
  t.equal(first.code, 0, first.stderr)
  fx.writeSource('stations.csv', editedStations())
  fx.writeSource('readings.csv', READINGS_V2)
  const second = await fx.cli('ingest')
  t.equal(second.code, 0, second.stderr)
  return { fx, ...await serve(t, fx), secondIngest: second.stdout }
}

/** The real app over the fixture's store (either kind), opened now: what the CLI did so far is what it sees. */
export async function serve(t: Test, fx: Fixture): Promise<{ store: DatasetStore; app: FastifyInstance }> {
  const store = openStore(loadConfig(fx.env))
  const app = await buildApp({ store, tiers: UNLIMITED_TIERS })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  return { store, app }
}
