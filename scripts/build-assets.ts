/**
 * Builds the portal's browser assets into dist/assets/, the second half of npm run build (which npm
 * install runs as `prepare`, and npm test before the suite; tsc compiles the server beside them): one
 * ES module per page kind, the stylesheet, and code-split chunks (ECharts is a chunk of its own,
 * fetched only when a chart is drawn). Names carry a content hash, so the server can let browsers keep
 * them for a year; manifest.json maps each logical name to its hashed file.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = `${root}dist/assets`
const ENTRIES = ['src/portal/client/portal.ts', 'src/portal/client/dataset.ts', 'src/portal/client/account.ts', 'src/portal/styles/portal.css']

rmSync(outdir, { recursive: true, force: true })
mkdirSync(outdir, { recursive: true })
const result = await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
})
const manifest: Record<string, string> = {}
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue
  const logical = basename(meta.entryPoint).replace(/\.ts$/, '.js')
  manifest[logical] = relative(outdir, `${root}${output}`)
}
writeFileSync(`${outdir}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`)
console.log(`portal assets: ${Object.keys(manifest).length} entries in ${relative(root, outdir)}`)
