/**
 * SPEC §4 acceptance: ingest every sample dataset, then look for every raw personal identifier of
 * the source files in everything the platform emits or stores (bulk files and downloads included, the
 * gzipped CSV decompressed). The needles are the source values
 * themselves (not the detectors), so this scan cannot share a blind spot with the leak guard.
 *
 * Outputs are searched as they are and normalised the way the detectors read text (NFKC, zero-width
 * characters dropped), for the needles as written and normalised: an identifier written in full-width
 * digits or with invisible characters inside is a leak in any of its forms. A second run ingests
 * sample-like rows written with lookalike variants (issue 9) from a fixture of its own.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import zlib from 'node:zlib'
import { tableFromIPC } from 'apache-arrow'
import iconv from 'iconv-lite'
import { parse } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import t, { type Test } from 'tap'
import { issueKey } from '../src/access/issue-key.ts'
import { readManifest } from '../src/materialise/manifest.ts'
import { csvRecord } from '../src/serialise/csv.ts'
import { buildApp } from '../src/server/app.ts'
import { SqliteAccessStore } from '../src/store/sqlite/access-store.ts'
import { SqliteDatasetStore } from '../src/store/sqlite/store.ts'
import type { CatalogEntry } from '../src/catalog/schema.ts'
import { normaliseText } from '../src/desensitise/normalise.ts'
import { webhookPayload } from '../src/webhooks/payload.ts'
import { makeFixture, type Fixture } from './helpers/fixture.ts'
import { NeedleSet } from './helpers/needles.ts'
import { UNLIMITED_TIERS } from './helpers/server.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const CATALOG = path.join(ROOT, 'catalog')
const DATASETS = path.join(ROOT, 'datasets')

/**
 * Identifier-shaped runs inside (normalised) free text, found by shape alone: long digit runs, e-mails,
 * plates, passports, and digits in groups (138 1234-5678, (138)12345678) holding 11 digits or more.
 */
const EMBEDDED = /[0-9]{11,}[0-9Xx]?|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}|\(?[0-9]{2,6}(?:[ ./()-]{1,2}[0-9]{2,19}){1,4}[Xx]?|[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}/g

function entries(catalogDir: string): CatalogEntry[] {
  return fs.readdirSync(catalogDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .map((f) => parseYaml(fs.readFileSync(path.join(catalogDir, f), 'utf8')) as CatalogEntry)
}

function digitCount(s: string): number {
  return s.replace(/[^0-9]/g, '').length
}

function rawIdentifiers(catalogDir: string, datasetsDir: string): Map<string, string> {
  const needles = new Map<string, string>()
  const add = (value: string, where: string): void => {
    needles.set(value, where)
    needles.set(normaliseText(value), where)
  }
  for (const entry of entries(catalogDir)) {
    if (!entry.source) continue
    const bytes = fs.readFileSync(path.join(datasetsDir, entry.source.path))
    const text = entry.source.encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8')
    const records = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, string>>
    for (const field of entry.fields) {
      const personal = field.pii !== undefined && field.pii !== 'none'
      const freeText = field.rule === 'redact'
      if (!personal && !freeText) continue
      for (const record of records) {
        const value = record[field.name]?.trim()
        if (!value) continue
        if (personal && [...value].length >= 2) add(value, `${entry.id}.${field.name}`)
        for (const match of normaliseText(value).matchAll(EMBEDDED)) {
          if (digitCount(match[0]) >= 11 || match[0].includes('@') || !/^[0-9(]/.test(match[0])) add(match[0], `${entry.id}.${field.name} (embedded)`)
        }
      }
    }
  }
  return needles
}

/** Every string value of an Arrow IPC file, one per line. */
function arrowValues(bytes: Buffer): string {
  const table = tableFromIPC(bytes)
  return table.schema.fields.flatMap((f) => [...(table.getChild(f.name) ?? [])].map((v) => String(v))).join('\n')
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(path.join(dir, d.name)) : [path.join(dir, d.name)]))
}

interface Scanned {
  needles: number
  rowsScanned: number
  arrowFiles: number
  bulkFiles: number
  logLines: number
  leaks: string[]
}

/** Ingests a catalog, reads everything the platform emits and stores, and searches it all for the sources' identifiers. */
async function scanPlatform(t: Test, prepare: (fx: Fixture) => { catalogDir: string; datasetsDir: string }): Promise<Scanned> {
  const fx = makeFixture(t)
  const { catalogDir, datasetsDir } = prepare(fx)
  Object.assign(fx.env, { GONGKAI_CATALOG_DIR: catalogDir, GONGKAI_DATASETS_DIR: datasetsDir })
  const needles = rawIdentifiers(catalogDir, datasetsDir)

  const outputs: Array<[string, string]> = []
  const bulk: Array<[string, Buffer]> = []
  let arrowFiles = 0
  const ingest = await fx.cli('ingest')
  t.equal(ingest.code, 0, ingest.stderr)
  outputs.push(['ingest CLI output', `${ingest.stdout}\n${ingest.stderr}`])
  const validate = await fx.cli('validate')
  outputs.push(['validate CLI output', `${validate.stdout}\n${validate.stderr}`])

  const log: string[] = []
  const store = new SqliteDatasetStore(fx.config.dataDir)
  const app = await buildApp({
    store,
    logger: { level: 'trace', stream: new Writable({ write: (chunk, _enc, done) => { log.push(String(chunk)); done() } }) },
  })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  const get = async (url: string): Promise<string> => {
    const res = await app.inject(url)
    outputs.push([url, res.body])
    return res.body
  }
  const list = JSON.parse(await get('/api/v1/datasets?per_page=100'))
  t.equal(list.total, entries(catalogDir).length)
  await get('/openapi.json')
  let rowsScanned = 0
  for (const { id } of list.items as Array<{ id: string }>) {
    const detail = JSON.parse(await get(`/api/v1/datasets/${id}`))
    await get(`/api/v1/datasets?q=${encodeURIComponent(detail.title)}`)
    // every published version, read from the store (the API needs keys for grades 2 and 3)
    for (const { version } of detail.versions as Array<{ version: number }>) {
      let after: string | number | boolean | null | undefined
      do {
        const page = await store.readRows(id, version, { limit: 5000, ...(after !== undefined ? { after } : {}) })
        rowsScanned += page.rows.length
        outputs.push([`${id} v${version} rows`, JSON.stringify(page.rows)])
        after = page.lastKey
      } while (after !== undefined)
    }
    let cursor: string | null = null
    do {
      const body = JSON.parse(await get(`/api/v1/datasets/${id}/rows?_limit=10000${cursor ? `&_cursor=${cursor}` : ''}`))
      cursor = body.next ?? null
    } while (cursor)
    // bulk files of every kept version, from the version directory (downloads of grades 2 and 3 need keys);
    // the gzipped CSV is scanned decompressed, where its text is
    for (const { version } of detail.versions as Array<{ version: number }>) {
      const files = store.versionFiles(id, version)
      for (const file of (await readManifest(files))?.files ?? []) {
        const bytes = Buffer.concat(await (await files.read(file.file, { method: 'GET' })).stream.toArray() as Buffer[])
        bulk.push([`${id} v${version} ${file.file}`, file.format === 'csv.gz' ? zlib.gunzipSync(bytes) : bytes])
        if (file.format === 'arrow') arrowFiles++
      }
    }
    if (detail.grade === 1) {
      // and as served: the files anyone may download, the BOM variant included
      for (const url of [`/api/v1/datasets/${id}/download.csv.gz`, `/api/v1/datasets/${id}/download.csv?bom=1`]) {
        const res = await app.inject(url)
        t.equal(res.statusCode, 200, url)
        bulk.push([url, url.endsWith('.gz') ? zlib.gunzipSync(res.rawPayload) : res.rawPayload])
      }
    }
    if (detail.version !== null) await get(`/api/v1/datasets/${id}/datapackage.json`)
  }
  await get('/api/v1/catalog.jsonld')
  await get('/data.json')
  for (const report of await store.listReports(undefined, 1000)) outputs.push([`ingest report ${report.datasetId}`, JSON.stringify(report)])
  // what a webhook subscriber would be sent of every event the ingest recorded
  for (const event of await store.listEvents({ limit: 10_000, order: 'oldest-first' })) {
    outputs.push([`webhook payload of event ${event.id} (${event.type} ${event.datasetId})`, JSON.stringify(webhookPayload(event, 'http://127.0.0.1'))])
  }
  outputs.push(['server log', log.join('')])

  const search = new NeedleSet(needles.keys())
  const leaks: string[] = []
  // each text as it is and as the detectors read it
  const searchText = (where: string, text: string): void => {
    for (const found of search.findIn(text)) leaks.push(`${where}: raw value from ${needles.get(found)}`)
    const normalised = normaliseText(text)
    if (normalised === text) return
    for (const found of search.findIn(normalised)) leaks.push(`${where} (normalised): raw value from ${needles.get(found)}`)
  }
  for (const [where, text] of outputs) searchText(where, text)
  // stored bytes too: version files, the metadata database (reports), anything else under data/
  const byteSearch = new NeedleSet([...needles.keys()].map((n) => Buffer.from(n, 'utf8').toString('latin1')))
  const byteToNeedle = new Map([...needles.keys()].map((n) => [Buffer.from(n, 'utf8').toString('latin1'), n]))
  const files = listFiles(fx.config.dataDir).filter((f) => !f.endsWith('pseudonym.key'))
  t.ok(files.some((f) => f.endsWith('rows.sqlite')))
  const scanBytes = (where: string, bytes: Buffer): void => {
    // an Arrow file stores a column's strings back to back, so a raw scan would match across two values
    // (桐梓林|建设路 holds the name 林建); its values are scanned one by one instead
    if (where.endsWith('.arrow')) {
      searchText(where, arrowValues(bytes))
      return
    }
    for (const found of byteSearch.findIn(bytes.toString('latin1'))) leaks.push(`${where}: raw value from ${needles.get(byteToNeedle.get(found) as string)}`)
    // the text in the bytes, normalised (a stored full-width or zero-width spelling is a leak too)
    const text = bytes.toString('utf8')
    const normalised = normaliseText(text)
    if (normalised !== text) for (const found of search.findIn(normalised)) leaks.push(`${where} (normalised): raw value from ${needles.get(found)}`)
  }
  for (const file of files) scanBytes(path.relative(fx.config.dataDir, file), fs.readFileSync(file))
  for (const [where, bytes] of bulk) scanBytes(where, bytes)
  return { needles: needles.size, rowsScanned, arrowFiles, bulkFiles: bulk.length, logLines: log.length, leaks }
}

t.test('no raw identifier of any sample source appears in any output or stored file', async (t) => {
  const scanned = await scanPlatform(t, () => ({ catalogDir: CATALOG, datasetsDir: DATASETS }))
  t.ok(scanned.needles > 5000, `collected ${scanned.needles} raw identifiers from the sources`)
  t.ok(scanned.rowsScanned > 15000, `${scanned.rowsScanned} published rows scanned`)
  t.ok(scanned.arrowFiles >= 8 && scanned.bulkFiles >= 3 * scanned.arrowFiles, `${scanned.bulkFiles} bulk files and downloads scanned`)
  t.ok(scanned.logLines > 20, 'the server logged its requests')
  t.same(scanned.leaks.slice(0, 20), [], `${scanned.leaks.length} leak(s)`)
})

const NBSP = '\u00A0'
const ZWSP = '\u200B'
const fullWidth = (s: string): string => s.replace(/[0-9A-Za-z@.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

/** Sample-like people, each identifier written in a lookalike variant (issue 9). */
const LOOKALIKE_ROWS: Array<[string, string, string, string, string]> = [
  // name, id_number, mobile, email, remark
  ['张三丰', fullWidth('11010519491231002X'), fullWidth('13812345678'), fullWidth('zhang.san@gov.cn'), `联系${fullWidth('13812345678')}，证件${fullWidth('11010519491231002X')}`],
  ['李四', `110105${NBSP}19491231${NBSP}002x`, '138 1234-5678', 'li.si＠gov.cn', '电话 138.1234.5678，卡号 6222 0212 3456 1236'],
  ['王五', `4405241880${ZWSP}01010014`, `139${ZWSP}8765${ZWSP}4321`, `wang${ZWSP}.wu@gov.cn`, `（139）87654321 或 +86 139 8765 4321，邮箱 wang${ZWSP}.wu＠gov.cn`],
  ['赵六', '110105491231002', '008613987654321', 'zhao@gov.cn', '旧证 110105 491231 002，手机 0086 139 8765 4321，卡 622202-1234561236'],
  ['钱七', '320102198001011238', '(+86)13912345678', 'qian@gov.cn', `证件 320102 19800101 1238，手机 139${ZWSP}1234${ZWSP}5678，护照 ${fullWidth('E12345678')}`],
]

const LOOKALIKE_CATALOG = `id: lookalike-people
title: 仿写标识人员名单
provider: { name: 测试单位 }
theme: 信用服务
grade: 1
open: unconditional
source: { path: lookalike-people.csv }
primary_key: n
fields:
  - { name: n, type: integer, title: 序号 }
  - { name: name, type: string, title: 姓名, pii: name, rule: mask }
  - { name: id_number, type: string, title: 身份证号, pii: id_card, rule: hash }
  - { name: id_masked, type: string, title: 身份证号（遮盖）, pii: id_card, rule: mask }
  - { name: mobile, type: string, title: 手机, pii: mobile, rule: mask }
  - { name: email, type: string, title: 邮箱, pii: email, rule: mask }
  - { name: remark, type: string, title: 备注, rule: redact }
`

t.test('lookalike variants of sample identifiers do not appear either, raw or normalised', async (t) => {
  const csv = ['n,name,id_number,id_masked,mobile,email,remark',
    ...LOOKALIKE_ROWS.map(([name, id, mobile, email, remark], i) => [i + 1, name, id, id, mobile, email, `"${remark}"`].join(','))]
  const scanned = await scanPlatform(t, (fx) => {
    fx.writeCatalog('lookalike-people', LOOKALIKE_CATALOG)
    fx.writeSource('lookalike-people.csv', `${csv.join('\n')}\n`)
    return { catalogDir: path.join(fx.root, 'catalog'), datasetsDir: path.join(fx.root, 'datasets') }
  })
  t.ok(scanned.needles >= 38, `collected ${scanned.needles} identifiers, as written and normalised`)
  t.equal(scanned.rowsScanned, LOOKALIKE_ROWS.length)
  t.same(scanned.leaks.slice(0, 20), [], `${scanned.leaks.length} leak(s)`)
})

t.test('the changes between two versions of an edited personal source show no raw identifier of either, in any format', async (t) => {
  const fx = makeFixture(t)
  const catalogDir = path.join(fx.root, 'catalog')
  const datasetsDir = path.join(fx.root, 'datasets')
  fs.copyFileSync(path.join(CATALOG, 'admin-penalties.yaml'), path.join(catalogDir, 'admin-penalties.yaml'))
  const source = fs.readFileSync(path.join(DATASETS, 'admin-penalties.csv'), 'utf8')
  fx.writeSource('admin-penalties.csv', source)
  t.equal((await fx.cli('ingest')).code, 0)
  const needles = rawIdentifiers(catalogDir, datasetsDir)

  // every tenth row gone, the people of every tenth row but one swapped with the next row's, and rows added
  // with the personal values of others: removed, changed and added rows all carry personal fields
  const records = parse(source, { columns: true, bom: true }) as Array<Record<string, string>>
  const personal = ['party_name', 'id_number', 'phone', 'address'] as const
  const edited = records.flatMap((record, i) => {
    const id = Number(record.record_id)
    if (id % 10 === 0) return []
    const next = records[i + 1]
    if (id % 10 === 1 && next) return [{ ...record, ...Object.fromEntries(personal.map((f) => [f, next[f] as string])) }]
    return [record]
  })
  const added = records.slice(0, 50).map((record, i): Record<string, string> => ({ ...record, record_id: String(100_000 + i), case_number: `新增〔2025〕${i}号`, remark: records[i + 60]?.remark ?? '' }))
  const columns = Object.keys(records[0] as object)
  fx.writeSource('admin-penalties.csv', [columns, ...[...edited, ...added].map((r) => columns.map((c) => r[c] ?? ''))].map((r) => csvRecord(r)).join(''))
  for (const [needle, where] of rawIdentifiers(catalogDir, datasetsDir)) needles.set(needle, where)
  const second = await fx.cli('ingest')
  t.equal(second.code, 0, second.stderr)

  const store = new SqliteDatasetStore(fx.config.dataDir)
  const access = new SqliteAccessStore(fx.config.dataDir)
  const app = await buildApp({ store, access, tiers: UNLIMITED_TIERS })
  t.teardown(async () => {
    await app.close()
    await access.close()
    await store.close()
  })
  const { token } = await issueKey(access, { name: 'leak scan', tier: 'registered' })
  const search = new NeedleSet(needles.keys())
  const leaks: string[] = []
  const ops = new Set<string>()
  for (const format of ['json', 'csv', 'ndjson']) {
    let url: string | undefined = `/api/v1/datasets/admin-penalties/versions/2/changes?_limit=200&_format=${format}`
    let rows = 0
    while (url) {
      const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ url, headers: { authorization: `Bearer ${token}` } })
      t.equal(res.statusCode, 200, url)
      for (const text of [res.body, normaliseText(res.body)]) for (const found of search.findIn(text)) leaks.push(`${url}: raw value from ${needles.get(found)}`)
      if (format === 'ndjson') for (const line of res.body.split('\n').filter(Boolean)) ops.add((JSON.parse(line) as { op: string }).op)
      rows += format === 'json' ? (res.json().rows as unknown[]).length : 0
      url = /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link ?? ''))?.[1]
    }
    if (format === 'json') t.ok(rows > 500, `${rows} changes scanned`)
  }
  t.same([...ops].sort(), ['added', 'changed', 'removed'], 'removed, changed and added rows were served')
  t.ok(needles.size > 1000, `${needles.size} raw identifiers of both sources`)
  t.same(leaks.slice(0, 20), [], `${leaks.length} leak(s)`)
})
