import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { tableFromIPC, type Table } from 'apache-arrow'
import { parse } from 'csv-parse/sync'
import t, { type Test } from 'tap'
import { loadCatalog } from '../../src/catalog/load.ts'
import { loadPseudonymKey } from '../../src/desensitise/index.ts'
import { ingestCatalog } from '../../src/ingest/ingest-catalog.ts'
import { readManifest } from '../../src/materialise/manifest.ts'
import { LocalVersionFiles } from '../../src/store/local-files.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'
import { appFor } from '../helpers/server.ts'

/**
 * SPEC §6.2 round trip: the bulk CSV and Arrow files of a version, read back with independent
 * readers (csv-parse, apache-arrow's reader), hold exactly the rows the query API returns, with the
 * types the spec names.
 */
type Row = Record<string, string | number | boolean | null>

// awkward values on purpose: quotes, delimiters, line breaks, nulls in every column type but the key
const TRICKY = `id,station,aqi,pm25,open_now,day,measured_at,built,note
1,"站点,甲",10,1.5,true,2024-01-02,2024-01-01T08:00:00,1991,"说 ""你好"""
2,站点乙,,,,,,,"两行
文本"
3,站点丙,300,-0.25,false,1999-12-31,2024-06-30T23:59:59.5,2024,
4,"CR\rLF",0,1e3,是,2024-02-29,2024-01-01T00:00:00,1900,普通
`

async function published(t: Test, source: string, catalog = stationsCatalog()) {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', catalog)
  fx.writeSource('stations.csv', source)
  const run = await fx.cli('ingest')
  t.equal(run.code, 0, run.stderr)
  const app = await appFor(t, fx)
  const dir = path.join(fx.config.dataDir, 'versions', 'stations', '1')
  return { fx, app, dir }
}

async function apiRows(app: Awaited<ReturnType<typeof appFor>>): Promise<Row[]> {
  const res = await app.inject('/api/v1/datasets/stations/rows?_limit=10000')
  return res.json().rows as Row[]
}

const asCsvText = (v: Row[string]): string => (v === null ? '' : String(v))

t.test('the CSV holds the API rows, RFC 4180, nulls empty', async (t) => {
  const { app, dir } = await published(t, TRICKY)
  const rows = await apiRows(app)
  t.equal(rows.length, 4)
  const text = fs.readFileSync(path.join(dir, 'data.csv'), 'utf8')
  t.notOk(text.startsWith('\uFEFF'), 'no BOM in the plain CSV')
  const records = parse(text, { columns: true }) as Array<Record<string, string>>
  t.same(records, rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asCsvText(v)]))))
  t.equal(records[1]?.note, '两行\n文本')
  t.equal(records[3]?.station, 'CR\rLF')
})

function arrowRows(table: Table): Row[] {
  return table.toArray().map((r) => r.toJSON() as Row)
}

t.test('the Arrow file holds the API rows with real types', async (t) => {
  const { app, dir } = await published(t, TRICKY)
  const rows = await apiRows(app)
  const table = tableFromIPC(fs.readFileSync(path.join(dir, 'data.arrow')))
  t.same(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable]), [
    ['id', 'Int64', false], ['station', 'Utf8', true], ['aqi', 'Int64', true], ['pm25', 'Float64', true], ['open_now', 'Bool', true],
    ['day', 'Date32<DAY>', true], ['measured_at', 'Timestamp<MILLISECOND>', true], ['built', 'Int64', true], ['note', 'Utf8', true],
  ])
  t.equal((table.schema.fields[6]?.type as { timezone?: string | null }).timezone ?? null, null, 'local datetimes: timestamp without zone')
  t.equal(table.schema.fields[2]?.metadata.get('title'), '空气质量指数', 'titles travel as field metadata')
  t.equal(table.schema.metadata.get('gongkai:version'), '1')
  const expected = rows.map((r) => ({
    id: BigInt(r.id as number),
    station: r.station,
    aqi: r.aqi === null ? null : BigInt(r.aqi as number),
    pm25: r.pm25,
    open_now: r.open_now,
    day: r.day === null ? null : Date.parse(`${r.day as string}T00:00:00Z`),
    measured_at: r.measured_at === null ? null : Date.parse(`${r.measured_at as string}Z`),
    built: r.built === null ? null : BigInt(r.built as number),
    note: r.note,
  }))
  t.same(arrowRows(table), expected)
  t.equal(typeof arrowRows(table)[0]?.id, 'bigint', 'int64 reads back as bigint')
})

t.test('a datetime column whose every value has a zone is timestamp[ms, UTC] of the instants', async (t) => {
  const source = 'id,station,aqi,pm25,open_now,day,measured_at,built,note\n1,a,1,1,true,2024-01-01,2024-01-01T08:00:00+08:00,2000,x\n2,b,1,1,true,2024-01-01,2024-01-01T00:00:00Z,2000,x\n'
  const { dir } = await published(t, source)
  const table = tableFromIPC(fs.readFileSync(path.join(dir, 'data.arrow')))
  t.equal((table.schema.fields[6]?.type as { timezone?: string | null }).timezone, 'UTC')
  t.same(table.getChild('measured_at')?.toArray(), [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1)])
})

t.test('many rows: batches of the Arrow file and CSV chunks join up in key order', async (t) => {
  const { app, dir } = await published(t, stationsCsv(70_000))
  const table = tableFromIPC(fs.readFileSync(path.join(dir, 'data.arrow')))
  t.equal(table.numRows, 70_000)
  t.ok(table.batches.length >= 2, `${table.batches.length} record batches`)
  const ids = table.getChild('id')?.toArray() as BigInt64Array
  t.ok(ids.every((id, i) => id === BigInt(i + 1)), 'ids in key order')
  const first = (await app.inject('/api/v1/datasets/stations/rows?_limit=3')).json().rows as Row[]
  const records = parse(fs.readFileSync(path.join(dir, 'data.csv')), { columns: true, to: 4 }) as Array<Record<string, string>>
  t.same(records.slice(0, 3).map((r) => r.note), first.map((r) => r.note))
  t.equal((await readManifest(new LocalVersionFiles(dir)))?.rowCount, 70_000)
})

t.test('a version without rows still gets a typed, empty Arrow file and a header-only CSV', async (t) => {
  const { dir } = await published(t, 'id,station,aqi,pm25,open_now,day,measured_at,built,note\n')
  t.equal(fs.readFileSync(path.join(dir, 'data.csv'), 'utf8'), 'id,station,aqi,pm25,open_now,day,measured_at,built,note\r\n')
  const table = tableFromIPC(fs.readFileSync(path.join(dir, 'data.arrow')))
  t.equal(table.numRows, 0)
  t.equal(table.schema.fields.length, 9)
})

t.test('the manifest and the ingest report give each file\'s size and SHA-256', async (t) => {
  const { fx, dir } = await published(t, TRICKY)
  const manifest = await readManifest(new LocalVersionFiles(dir))
  t.same(manifest?.files.map((f) => f.format), ['csv', 'csv.gz', 'arrow'])
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  const [report] = await store.listReports('stations', 1)
  const body = report?.report as { files: unknown[]; timings: { materialiseMs: number } }
  t.same(body.files, manifest?.files.map(({ format, bytes, sha256 }) => ({ format, bytes, sha256 })))
  t.type(body.timings.materialiseMs, 'number')
  for (const f of manifest?.files ?? []) {
    const bytes = fs.readFileSync(path.join(dir, f.file))
    t.equal(bytes.length, f.bytes, `${f.format} size`)
    t.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, `${f.format} SHA-256`)
  }
})

async function ingestWith(fx: Fixture, store: SqliteDatasetStore, onProgress: (id: string) => void) {
  return ingestCatalog(
    { store, datasetsDir: fx.config.datasetsDir, pseudonymKey: loadPseudonymKey(fx.config.dataDir, fx.config.pseudonymKey), onProgress },
    await loadCatalog(fx.config.catalogDir),
  )
}

t.test('a failure while writing bulk files aborts the version; the previous one stays served', async (t) => {
  const { fx, app } = await published(t, TRICKY)
  fx.writeSource('stations.csv', stationsCsv(20))
  const store = new SqliteDatasetStore(fx.config.dataDir)
  t.teardown(() => store.close())
  // while rows are loading, something takes the CSV's name in the new version's directory
  const { reports } = await ingestWith(fx, store, (id) => fs.mkdirSync(path.join(fx.config.dataDir, 'versions', id, '2', 'data.csv'), { recursive: true }))
  t.equal(reports[0]?.status, 'failed')
  t.match(reports[0]?.error, /internal error: .*EEXIST|EISDIR/)
  t.notOk(fs.existsSync(path.join(fx.config.dataDir, 'versions', 'stations', '2')), 'nothing of version 2 remains')
  const detail = (await app.inject('/api/v1/datasets/stations')).json()
  t.equal(detail.version, 1)
  t.equal((await app.inject('/api/v1/datasets/stations/download.csv')).statusCode, 200)
})
