/** bench/generate-penalties.ts: streamed CSV, the two catalog variants, determinism. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import { BENCH_ID, generatePenalties, PENALTY_COLUMNS, parseRows, penaltiesCatalogEntry } from '../../bench/generate-penalties.ts'
import { isValidIdCard } from '../../scripts/synth/check-digits.ts'
import { detectIdentifiers } from './fixtures/detect.ts'

async function tempDir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-bench-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

t.test('generates N rows with the 12 columns and both catalog variants', async (t) => {
  const dir = await tempDir(t)
  const N = 20_000
  const res = await generatePenalties({ rows: N, out: join(dir, `${BENCH_ID}.csv`) })
  t.equal(res.id, BENCH_ID)
  t.equal(res.rows, N)
  t.equal(res.datasetsDir, dir)
  t.equal((await stat(res.csvPath)).size, res.bytes)
  const text = await readFile(res.csvPath, 'utf8')
  t.ok(text.endsWith('\n'))
  const all = parseCsv(text) as string[][]
  t.same(all[0], [...PENALTY_COLUMNS])
  const rows = all.slice(1)
  t.equal(rows.length, N)
  t.same(rows.map((r) => Number(r[0])), Array.from({ length: N }, (_, i) => i + 1), 'record_id 1…N')
  t.equal(new Set(rows.map((r) => r[1])).size, N, 'unique case numbers')
  t.ok(rows.every((r) => r.length === 12))
  t.ok(rows.every((r) => isValidIdCard(r[3] as string)), 'valid ID numbers')
  t.ok(rows.every((r) => r[4] === '' || /^1[3-9][0-9]{9}$/.test(r[4] as string)), 'mobile numbers or empty')
  const leaks = rows.filter((r) => detectIdentifiers(r[10] as string).length > 0).map((r) => r[10])
  t.same(leaks.slice(0, 3), [], 'remarks hold no personal identifiers, so `keep` passes the leak guard')
  for (const i of [1, 6, 7, 8, 9, 11]) {
    t.ok(rows.every((r) => detectIdentifiers(r[i] as string).length === 0), `${PENALTY_COLUMNS[i]} holds no identifiers`)
  }
  t.ok(rows.some((r) => (r[10] as string).includes('\n')), 'some remarks span lines (CSV quoting exercised)')

  for (const [sub, variant] of [['catalog', 'rules'], ['catalog-keep', 'keep']] as const) {
    const yaml = parseYaml(await readFile(join(dir, sub, `${BENCH_ID}.yaml`), 'utf8')) as Record<string, any>
    t.equal(yaml.id, BENCH_ID)
    t.same(yaml.source, { path: `${BENCH_ID}.csv`, encoding: 'utf-8', delimiter: ',', on_error: 'fail' })
    t.same(yaml.fields.map((f: { name: string }) => f.name), [...PENALTY_COLUMNS], `${sub}: fields`)
    t.same(yaml, JSON.parse(JSON.stringify(penaltiesCatalogEntry(variant, BENCH_ID, `${BENCH_ID}.csv`, N))))
    const themes = parseYaml(await readFile(join(dir, sub, '_themes.yaml'), 'utf8')) as unknown[]
    t.equal(themes.length, 16)
  }
  const rules = penaltiesCatalogEntry('rules')
  const byName = (e: typeof rules, n: string) => e.fields.find((f) => f.name === n)
  t.equal(byName(rules, 'party_name')?.rule, 'mask')
  t.equal(byName(rules, 'id_number')?.rule, 'hash')
  t.equal(byName(rules, 'phone')?.rule, 'mask')
  t.same(byName(rules, 'address')?.rule, { generalize: 'district' })
  t.equal(byName(rules, 'remark')?.rule, undefined, 'remark kept as is')
  const keep = penaltiesCatalogEntry('keep')
  for (const n of ['party_name', 'id_number', 'phone', 'address']) {
    t.same([byName(keep, n)?.pii, byName(keep, n)?.reason, byName(keep, n)?.rule], ['none', 'benchmark baseline', 'keep'])
  }
})

t.test('deterministic, custom id, no catalogs on request', async (t) => {
  const dir = await tempDir(t)
  const a = await generatePenalties({ rows: 3000, out: join(dir, 'a', 'pen-small.csv') })
  const b = await generatePenalties({ rows: 3000, out: join(dir, 'b', 'pen-small.csv'), catalogs: false })
  t.equal(a.id, 'pen-small')
  t.ok((await readFile(a.csvPath)).equals(await readFile(b.csvPath)), 'same bytes for the same seed')
  t.equal(b.catalogDir, undefined)
  await t.rejects(stat(join(dir, 'b', 'catalog')), 'no catalog dir written')
  const c = await generatePenalties({ rows: 10, out: join(dir, 'c', 'Data.CSV'), id: 'custom-id', seed: 'other' })
  t.equal(c.id, 'custom-id')
  t.match(await readFile(join(dir, 'c', 'catalog', 'custom-id.yaml'), 'utf8'), /path: Data\.CSV/)
  await t.rejects(generatePenalties({ rows: 1, out: join(dir, 'd', 'Bad Name.csv') }), /must match/)
  await t.rejects(generatePenalties({ rows: -1, out: join(dir, 'e.csv') }), RangeError)
  const empty = await generatePenalties({ rows: 0, out: join(dir, 'f', 'empty.csv'), catalogs: false })
  t.equal(await readFile(empty.csvPath, 'utf8'), `${PENALTY_COLUMNS.join(',')}\n`)
})

t.test('parseRows', async (t) => {
  t.equal(parseRows('50000'), 50000)
  t.equal(parseRows('50k'), 50000)
  t.equal(parseRows('1m'), 1_000_000)
  t.equal(parseRows('1_000_000'), 1_000_000)
  t.equal(parseRows('rows=2.5k'), 2500)
  t.throws(() => parseRows('lots'))
})
