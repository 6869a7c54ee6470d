/**
 * The sample catalog generator: deterministic, the committed catalog/ and datasets/ never drift
 * from the script, and the samples have the properties SPEC §7 promises (grades, encodings, CSV
 * edge cases, personal data only in fields with desensitising rules, valid check digits).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import { buildSamples, generateSamples, MAX_ROWS, REPO_ROOT } from '../../scripts/generate-samples.ts'
import type { CatalogEntry, FieldSpec } from '../../scripts/lib/catalog.ts'
import { THEMES } from '../../scripts/lib/themes.ts'
import { isLuhnValid, isValidCreditCode, isValidIdCard } from '../../scripts/synth/check-digits.ts'
import { detectIdentifiers } from './fixtures/detect.ts'

async function tempDir(t: { teardown(fn: () => unknown): void }, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

async function listFiles(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  for (const dir of ['catalog', 'datasets']) {
    for (const name of (await readdir(join(root, dir))).sort()) {
      if (name.endsWith('.yaml') || name.endsWith('.csv')) out.set(`${dir}/${name}`, await readFile(join(root, dir, name)))
    }
  }
  return out
}

const samples = buildSamples()
const entries: CatalogEntry[] = samples.datasets.map((d) => d.entry)
const fileOf = (path: string): Buffer => {
  const f = samples.files.find((x) => x.path === path)
  if (!f) throw new Error(`no generated file ${path}`)
  return f.bytes
}

/** Decoded text of a dataset's source file. */
function sourceText(e: CatalogEntry): string {
  const bytes = fileOf(`datasets/${e.source?.path}`)
  return e.source?.encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8')
}

/** Header and records of a dataset's source file. */
function records(e: CatalogEntry): { header: string[]; rows: string[][] } {
  const all = parseCsv(sourceText(e), { bom: true, delimiter: e.source?.delimiter ?? ',' }) as string[][]
  return { header: all[0] as string[], rows: all.slice(1) }
}

t.test('two runs into temp dirs give byte-identical files', async (t) => {
  const a = await tempDir(t, 'gongkai-samples-a-')
  const b = await tempDir(t, 'gongkai-samples-b-')
  const ra = await generateSamples({ root: a })
  await generateSamples({ root: b })
  t.same(ra.stale, [])
  const fa = await listFiles(a)
  const fb = await listFiles(b)
  t.same([...fa.keys()], [...fb.keys()], 'same file names')
  t.ok(fa.size >= 1 + 9 + 8, `${fa.size} files`)
  for (const [path, bytes] of fa) t.ok(bytes.equals(fb.get(path) as Buffer), `${path} identical`)
  t.ok(buildSamples('another seed').files.some((f) => !f.bytes.equals(fa.get(f.path) as Buffer)), 'the seed matters')
})

t.test('the committed catalog/ and datasets/ equal a fresh generation', async (t) => {
  const committed = await listFiles(REPO_ROOT)
  const fresh = new Map(samples.files.map((f) => [f.path, f.bytes]))
  for (const [path, bytes] of fresh) {
    const c = committed.get(path)
    t.ok(c !== undefined && c.equals(bytes), `${path} is up to date (run \`npm run samples\` after editing scripts/)`)
  }
  // catalog/_*.yaml other than the themes are settings kept by hand (holidays), not samples
  const extra = [...committed.keys()].filter((p) => !fresh.has(p) && !p.startsWith('catalog/_'))
  t.same(extra, [], 'no catalog/*.yaml or datasets/*.csv that the script does not generate')
})

t.test('themes file', async (t) => {
  const themes = parseYaml(fileOf('catalog/_themes.yaml').toString('utf8')) as { name: string; name_en: string }[]
  t.equal(themes.length, 16)
  t.same(themes.map((x) => x.name), ['经济建设', '财税金融', '市场监管', '信用服务', '交通运输', '生态环境', '教育科技', '卫生健康', '社会保障', '城建住房', '文化休闲', '公共安全', '农业农村', '资源能源', '机构团体', '其他'])
  t.ok(themes.every((x) => x.name_en.length > 0))
  t.same(themes, THEMES)
})

t.test('catalog files follow SPEC §2 and §3', async (t) => {
  t.ok(entries.length >= 9, `${entries.length} datasets`)
  t.ok(new Set(entries.map((e) => e.theme)).size >= 6, 'at least 6 themes')
  t.same([...new Set(entries.map((e) => e.grade))].sort(), [1, 2, 3, 4], 'all four grades')
  t.ok(entries.some((e) => e.open === 'conditional'), 'a conditional dataset')
  t.ok(entries.some((e) => e.open === 'closed' && !e.source), 'a closed, metadata-only dataset')
  t.ok(entries.some((e) => e.source?.encoding === 'gb18030'), 'a GB18030 source')
  t.ok(entries.some((e) => e.privacy), 'a k-anonymity block')
  const types = new Set(entries.flatMap((e) => e.fields.map((f) => f.type)))
  t.same([...types].sort(), ['boolean', 'date', 'datetime', 'integer', 'number', 'string', 'year'], 'every field type used')
  const constraintKeys = new Set(entries.flatMap((e) => e.fields.flatMap((f) => Object.keys(f.constraints ?? {}))))
  for (const k of ['required', 'unique', 'minimum', 'maximum', 'enum', 'pattern', 'maxLength', 'minLength']) t.ok(constraintKeys.has(k), `constraint ${k} used`)
  const themeNames = new Set(THEMES.map((x) => x.name))
  const ORDER = ['id', 'title', 'title_en', 'description', 'provider', 'theme', 'keywords', 'grade', 'open', 'license', 'update_frequency', 'temporal', 'spatial', 'source', 'primary_key', 'fields', 'privacy']
  for (const e of entries) {
    const text = fileOf(`catalog/${e.id}.yaml`).toString('utf8')
    t.ok(text.startsWith('# Generated by scripts/generate-samples.ts'), `${e.id}: header comment`)
    const parsed = parseYaml(text) as Record<string, unknown>
    const keys = Object.keys(parsed)
    t.same(keys, ORDER.filter((k) => keys.includes(k)), `${e.id}: key order`)
    t.same(parsed, JSON.parse(JSON.stringify(e)), `${e.id}: YAML round-trips to the entry`)
    t.match(e.id, /^[a-z0-9-]+$/)
    t.ok(themeNames.has(e.theme), `${e.id}: theme ${e.theme} exists`)
    t.ok(isValidCreditCode(e.provider.code), `${e.id}: provider code ${e.provider.code} valid`)
    t.equal(e.license, 'CC-BY-4.0')
    t.ok(e.temporal.start <= e.temporal.end)
    const loosest = e.grade <= 2 ? ['unconditional', 'conditional', 'closed'] : e.grade === 3 ? ['conditional', 'closed'] : ['closed']
    t.ok(loosest.includes(e.open), `${e.id}: grade ${e.grade} allows open ${e.open}`)
    if (e.source) {
      t.match(e.source.path, /^[a-z0-9-]+\.csv$/, `${e.id}: plain relative source path`)
      t.ok(e.fields.some((f) => f.name === e.primary_key), `${e.id}: primary key is a field`)
    }
    const names = e.fields.map((f) => f.name)
    t.equal(new Set(names).size, names.length, `${e.id}: unique field names`)
    for (const f of e.fields) {
      if (f.pii && f.pii !== 'none') t.ok(f.rule !== undefined && f.rule !== 'keep', `${e.id}.${f.name}: personal field has a rule`)
      if (f.rule === 'hash') t.ok(f.pii, `${e.id}.${f.name}: hash needs pii`)
    }
    for (const q of e.privacy?.quasi_identifiers ?? []) t.ok(names.includes(q), `${e.id}: quasi-identifier ${q} is a field`)
  }
  t.ok(entries.filter((e) => e.fields.some((f) => f.pii && f.pii !== 'none')).length >= 4, 'personal data in several datasets')
  const piiKinds = new Set(entries.flatMap((e) => e.fields.map((f) => f.pii).filter(Boolean)))
  for (const k of ['name', 'id_card', 'mobile', 'address', 'bank_card', 'email', 'plate']) t.ok(piiKinds.has(k as FieldSpec['pii']), `pii ${k} present`)
  const rules = new Set(entries.flatMap((e) => e.fields.map((f) => JSON.stringify(f.rule ?? 'keep'))))
  for (const r of ['"mask"', '"hash"', '"drop"', '"redact"', '"suppress"', '{"generalize":"district"}', '{"generalize":"birth_year"}', '{"generalize":{"bucket":10}}']) t.ok(rules.has(r), `rule ${r} used`)
})

t.test('source files: sizes, headers, values', async (t) => {
  for (const ds of samples.datasets) {
    const e = ds.entry
    if (!e.source) continue
    const { header, rows } = records(e)
    t.same(header, e.fields.map((f) => f.name), `${e.id}: header matches the fields`)
    t.equal(rows.length, ds.rows, `${e.id}: ${rows.length} rows`)
    t.ok(rows.length <= MAX_ROWS && rows.length >= 200, `${e.id}: ${rows.length} rows within 200–${MAX_ROWS}`)
    const bad: string[] = []
    e.fields.forEach((f, i) => {
      const values = rows.map((r) => r[i] as string)
      const c = f.constraints ?? {}
      if (c.required && values.some((v) => v === '')) bad.push(`${f.name}: empty required value`)
      if (c.unique && new Set(values).size !== values.length) bad.push(`${f.name}: duplicates`)
      if (c.enum) for (const v of values) if (v !== '' && !c.enum.includes(v)) bad.push(`${f.name}: ${v} not in enum`)
      if (c.pattern) for (const v of values) if (v !== '' && !new RegExp(c.pattern).test(v)) bad.push(`${f.name}: ${v} ≠ ${c.pattern}`)
      if (c.maxLength !== undefined) for (const v of values) if (Array.from(v).length > c.maxLength) bad.push(`${f.name}: longer than ${c.maxLength}`)
      for (const v of values) {
        if (v === '') continue
        const ok = {
          string: true,
          integer: /^-?[0-9]+$/.test(v),
          number: /^-?[0-9]+(\.[0-9]+)?$/.test(v),
          boolean: v === 'true' || v === 'false',
          date: /^\d{4}-\d{2}-\d{2}$/.test(v),
          datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v),
          year: /^\d{4}$/.test(v),
        }[f.type]
        if (!ok) bad.push(`${f.name}: ${JSON.stringify(v)} is not a ${f.type}`)
        if ((f.type === 'integer' || f.type === 'number' || f.type === 'year') && typeof c.minimum === 'number' && Number(v) < c.minimum) bad.push(`${f.name}: ${v} < minimum`)
        if ((f.type === 'integer' || f.type === 'number' || f.type === 'year') && typeof c.maximum === 'number' && Number(v) > c.maximum) bad.push(`${f.name}: ${v} > maximum`)
        if (f.pii === 'id_card' && !isValidIdCard(v)) bad.push(`${f.name}: invalid ID ${v}`)
        if (f.pii === 'bank_card' && !isLuhnValid(v)) bad.push(`${f.name}: invalid card ${v}`)
        if (f.pii === 'mobile' && !/^1[3-9][0-9]{9}$/.test(v)) bad.push(`${f.name}: invalid mobile ${v}`)
        if (f.name === 'credit_code' && !isValidCreditCode(v)) bad.push(`${f.name}: invalid credit code ${v}`)
      }
    })
    t.same(bad.slice(0, 10), [], `${e.id}: values agree with the catalog`)
  }
})

t.test('CSV edge cases are present', async (t) => {
  const utf8 = entries.filter((e) => e.source && e.source.encoding !== 'gb18030')
  const raw = (e: CatalogEntry): Buffer => fileOf(`datasets/${e.source?.path}`)
  t.ok(utf8.some((e) => raw(e).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))), 'a UTF-8 file with a BOM')
  t.ok(utf8.some((e) => !raw(e).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))), 'a UTF-8 file without a BOM')
  t.ok(entries.some((e) => e.source && raw(e).at(-1) !== 0x0a), 'a file without a final newline')
  const values = utf8.flatMap((e) => records(e).rows.flat())
  t.ok(values.some((v) => v.includes('\r\n')), 'CRLF inside a quoted field')
  t.ok(values.some((v) => /[^\r]\n/.test(v)), 'bare LF inside a quoted field')
  t.ok(values.some((v) => v.includes('"')), 'doubled quotes')
  t.ok(values.some((v) => v.includes(',')), 'a comma inside a quoted field')
  t.ok(values.some((v) => v === ''), 'empty values')
  const texts = utf8.map((e) => raw(e).toString('utf8'))
  t.ok(texts.some((x) => x.includes('\r\n') && x.split('\r\n').length > 100), 'CRLF record separators somewhere')
  t.ok(texts.some((x) => !x.includes('\r')), 'LF-only files too')
})

t.test('the GB18030 file', async (t) => {
  const e = entries.find((x) => x.source?.encoding === 'gb18030') as CatalogEntry
  const bytes = fileOf(`datasets/${e.source?.path}`)
  t.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'is not valid UTF-8')
  const text = iconv.decode(bytes, 'gb18030')
  t.equal(iconv.encode(text, 'gb18030').compare(bytes), 0, 'round-trips through iconv-lite')
  t.equal(new TextDecoder('gb18030').decode(bytes), text, 'WHATWG gb18030 decoder agrees with iconv-lite')
  t.ok(text.startsWith(e.fields.map((f) => f.name).join(',')), 'header line decodes')
  for (const ch of ['园', '滘', '塱', '𬞟']) t.ok(text.includes(ch), `contains ${ch}`)
  t.ok(bytes.includes(iconv.encode('𬞟', 'gb18030')) && iconv.encode('𬞟', 'gb18030').length === 4, 'a 4-byte GB18030 sequence (not in GBK)')
})

t.test('identifiers only in personal fields and redacted text (leak guard passes)', async (t) => {
  const redactFindings = new Map<string, number>()
  let nonBmpNames = 0
  for (const e of entries) {
    if (!e.source) continue
    const { rows } = records(e)
    e.fields.forEach((f, i) => {
      const personal = f.pii !== undefined && f.pii !== 'none'
      for (const r of rows) {
        const v = r[i] as string
        if (f.pii === 'name' && Array.from(v).some((c) => (c.codePointAt(0) as number) > 0xffff)) nonBmpNames++
        if (personal) continue
        const found = detectIdentifiers(v)
        if (found.length === 0) continue
        if (f.rule === 'redact') for (const k of found) redactFindings.set(k, (redactFindings.get(k) ?? 0) + 1)
        else t.fail(`${e.id}.${f.name} (rule ${JSON.stringify(f.rule ?? 'keep')}) holds ${found.join(', ')}: ${v}`)
      }
    })
  }
  t.ok((redactFindings.get('mobile') ?? 0) >= 10, 'remarks embed mobile numbers')
  t.ok((redactFindings.get('id_card') ?? 0) >= 5, 'remarks embed ID numbers')
  t.ok(nonBmpNames >= 3, `${nonBmpNames} names with characters outside the BMP`)
})

t.test('k-anonymity block has work to do', async (t) => {
  const e = entries.find((x) => x.privacy) as CatalogEntry
  const { header, rows } = records(e)
  const qi = e.privacy?.quasi_identifiers ?? []
  const idx = qi.map((q) => header.indexOf(q))
  const bucket = (f: FieldSpec | undefined, v: string): string => {
    const rule = f?.rule
    if (typeof rule === 'object' && 'generalize' in rule && typeof rule.generalize === 'object') {
      const size = rule.generalize.bucket
      const lo = Math.floor(Number(v) / size) * size
      return `${lo}-${lo + size - 1}`
    }
    return v
  }
  const groups = new Map<string, number>()
  for (const r of rows) {
    const key = idx.map((i, j) => bucket(e.fields.find((f) => f.name === qi[j]), r[i] as string)).join('|')
    groups.set(key, (groups.get(key) ?? 0) + 1)
  }
  const small = [...groups.values()].filter((n) => n < (e.privacy?.k ?? 0))
  t.ok(small.length > 0 && small.reduce((a, b) => a + b, 0) < rows.length / 50, `${small.length} groups below k, a few rows to suppress`)
})
