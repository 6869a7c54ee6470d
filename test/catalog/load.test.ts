import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { loadCatalog, MAX_CATALOG_FILE_BYTES } from '../../src/catalog/load.ts'
import { formatProblem } from '../../src/catalog/problems.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'
import { makeFixture, stationsCatalog, stationsCsv, type Fixture } from '../helpers/fixture.ts'

/** Nine aliases of nine aliases …: a few hundred bytes that expand to millions of nodes. */
const ALIAS_BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`

function withPattern(pattern: string): string {
  return stationsCatalog().replace('{ name: note, type: string, title: 备注 }', () => `{ name: note, type: string, title: 备注, constraints: { pattern: '${pattern}' } }`)
}

const BAD_FILES: Array<[string, (fx: Fixture) => void, RegExp]> = [
  ['a YAML alias bomb', (fx) => fx.writeCatalog('stations', ALIAS_BOMB), /catalog\/stations\.yaml: YAML could not be read: Excessive alias count/],
  ['a YAML syntax error', (fx) => fx.writeCatalog('stations', 'id: [stations\n'), /catalog\/stations\.yaml: line \d+, column \d+: YAML syntax error/],
  ['an invalid regular expression', (fx) => fx.writeCatalog('stations', withPattern('[a-')), /catalog\/stations\.yaml: fields\[8\] \(note\)\.constraints\.pattern: is not a valid regular expression/],
  ['a pattern that cannot be matched in linear time', (fx) => fx.writeCatalog('stations', withPattern('(a)\\1')),
    /catalog\/stations\.yaml: fields\[8\] \(note\)\.constraints\.pattern: "\(a\)\\\\1" uses a backreference, which cannot be matched in linear time/],
  ['bytes that are not UTF-8', (fx) => fs.writeFileSync(path.join(fx.root, 'catalog', 'stations.yaml'), Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe])),
    /catalog\/stations\.yaml: not valid UTF-8/],
  ['a file too large to be a catalog entry', (fx) => fx.writeCatalog('stations', `${stationsCatalog()}#${'x'.repeat(MAX_CATALOG_FILE_BYTES)}\n`),
    /catalog\/stations\.yaml: \d+ bytes; a catalog file may have at most 1048576 bytes/],
  ['a directory named like a catalog file', (fx) => {
    fs.rmSync(path.join(fx.root, 'catalog', 'stations.yaml'))
    fs.mkdirSync(path.join(fx.root, 'catalog', 'stations.yaml'))
  }, /catalog\/stations\.yaml: catalog file is not a regular file/],
  ['a symbolic link out of the catalog directory', (fx) => {
    fs.writeFileSync(path.join(fx.root, 'elsewhere.yaml'), stationsCatalog())
    fs.rmSync(path.join(fx.root, 'catalog', 'stations.yaml'))
    fs.symlinkSync(path.join(fx.root, 'elsewhere.yaml'), path.join(fx.root, 'catalog', 'stations.yaml'))
  }, /catalog\/stations\.yaml: catalog file leads outside .*catalog through a symbolic link; refused/],
]

const OTHER = stationsCatalog({ path: 'other.csv' }).replace('id: stations', 'id: other')

for (const [name, spoil, expected] of BAD_FILES) {
  t.test(`${name} is a problem of that file: validate and ingest carry on with the others, and its published version stays served`, async (t) => {
    const fx = makeFixture(t)
    fx.writeCatalog('stations', stationsCatalog())
    fx.writeSource('stations.csv', stationsCsv(10))
    t.equal((await fx.cli('ingest')).code, 0)

    spoil(fx)
    fx.writeCatalog('other', OTHER)
    fx.writeSource('other.csv', stationsCsv(4))
    const loaded = await loadCatalog(fx.config.catalogDir)
    t.same(loaded.entries.map((e) => e.entry.id), ['other'])
    t.match(loaded.problems.map(formatProblem).join('\n'), expected)

    const validate = await fx.cli('validate')
    t.equal(validate.code, 1)
    t.match(validate.stderr, expected)

    const ingest = await fx.cli('ingest')
    t.equal(ingest.code, 1, 'the bad file counts as a failure')
    t.match(ingest.stderr, expected)
    t.match(ingest.stdout, /other: published version 1: 4 of 4 rows/)

    const store = new SqliteDatasetStore(fx.config.dataDir)
    t.teardown(() => store.close())
    t.equal((await store.getDataset('stations'))?.current?.version, 1, 'the dataset of the bad file keeps its published version')
    t.equal((await store.readRows('stations', 1, { limit: 100 })).rows.length, 10)
  })
}

t.test('a missing theme taxonomy is reported, not thrown', async (t) => {
  const fx = makeFixture(t)
  fs.rmSync(path.join(fx.root, 'catalog', '_themes.yaml'))
  const loaded = await loadCatalog(fx.config.catalogDir)
  t.match(loaded.problems.map(formatProblem), [/_themes\.yaml: missing: the theme taxonomy is required/])
})
