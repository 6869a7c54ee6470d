/**
 * Layers import only downwards (issue 11 §1): a module may import its own layer and the layers below
 * it, never one above. The order is the platform's from the bottom: shared helpers and settings, the
 * catalog's vocabulary, what is done to values (desensitise, serialise), the store, what is built on
 * it (materialise, ingest, harvest, the query engine above the store, access), the HTTP server with
 * its portal, and the CLI that starts them. A layer is a directory directly under src/.
 */
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'

/** Lowest first; layers in one group may import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['support'], // small helpers with no knowledge of the platform (dates, schema messages)
  ['config'], // settings: environment variables and the files they name
  ['catalog'], // the catalog format and its vocabulary: field types, pii kinds, rules
  ['desensitise'], // the rules applied to values (SPEC §4)
  ['serialise'], // one serialiser per format (CSV, Arrow, JSON)
  ['store'], // the data a platform holds, behind one interface (SQLite, PostgreSQL)
  ['materialise'], // bulk files of a version
  ['changes'], // what changed between two versions, row by row
  ['ingest'], // source file → coerced, desensitised rows → a version in the store
  ['harvest'], // catalog metadata in DCAT, data.json and datapackage forms
  ['query'], // the query engine, above the store
  ['access'], // keys, grants, applications, limits
  ['webhooks'], // signed deliveries of catalog events from the outbox
  // the server composes the portal (server/app.ts registers it); the portal answers with the server's problems and schemas
  ['server', 'portal'],
  ['cli'], // the commands that run the rest
]

/**
 * Upward imports tolerated for now, each `from -> to` as src/ paths, with a comment saying whose work
 * removes it. None are left; an entry whose import is gone fails the last test, so the list only shrinks.
 */
const KNOWN: readonly string[] = []

const SRC = path.resolve(import.meta.dirname, '../../src')

/** The relative module paths a source file imports or re-exports, statically or with import(). */
export function importedPaths(source: string): string[] {
  const found: string[] = []
  const pattern = /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g
  for (const match of source.matchAll(pattern)) found.push((match[1] ?? match[2]) as string)
  return found
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.(?:ts|tsx)$/.test(entry.name) ? [full] : []
  })
}

const layerOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0] as string
const rankOf = (layer: string): number => LAYERS.findIndex((group) => group.includes(layer))

interface Edge { from: string; to: string }

function crossLayerImports(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => importedPaths(fs.readFileSync(file, 'utf8'))
    .map((spec) => ({ from: file, to: path.resolve(path.dirname(file), spec) }))
    .filter((edge) => layerOf(edge.from) !== layerOf(edge.to)))
}

const show = (edge: Edge): string => `${path.relative(SRC, edge.from)} -> ${path.relative(SRC, edge.to)}`

t.test('the import finder sees every form of relative import', async (t) => {
  const cases: Array<[string, string[]]> = [
    [`import { a } from '../store/types.ts'`, ['../store/types.ts']],
    [`import type { A, B } from "../catalog/schema.ts"`, ['../catalog/schema.ts']],
    [`import * as x from './x.ts'`, ['./x.ts']],
    [`import def, { b } from '../../config/env.ts'`, ['../../config/env.ts']],
    [`import '../portal/styles.ts'`, ['../portal/styles.ts']],
    [`export { c } from '../support/calendar-date.ts'`, ['../support/calendar-date.ts']],
    [`export type { D } from '../catalog/values.ts'`, ['../catalog/values.ts']],
    [`export * from './all.ts'`, ['./all.ts']],
    [`const m = await import('../portal/plugin.ts')`, ['../portal/plugin.ts']],
    [`import {\n  a,\n  b,\n} from '../query/engine.ts'`, ['../query/engine.ts']],
    [`import fs from 'node:fs'\nimport { Type } from '@sinclair/typebox'`, []],
    [`// a comment that says import from nowhere`, []],
  ]
  for (const [source, expected] of cases) t.same(importedPaths(source), expected, source)
})

t.test('every directory under src/ has its place in the order', async (t) => {
  const layers = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)
  for (const layer of layers) t.ok(rankOf(layer) >= 0, `src/${layer} is in LAYERS`)
  t.same(fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name), [], 'no module outside a layer')
})

t.test('no layer imports one above it', async (t) => {
  const upward = crossLayerImports().filter((edge) => rankOf(layerOf(edge.to)) > rankOf(layerOf(edge.from))).map(show)
  t.same(upward.filter((edge) => !KNOWN.includes(edge)), [], 'upward imports (a layer may import only its own and those below)')
  t.same(KNOWN.filter((edge) => !upward.includes(edge)), [], 'KNOWN lists only imports that still exist: delete the ones that are gone')
})
