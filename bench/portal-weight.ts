/**
 * What a page weighs as a browser loads it: the HTML, its stylesheets, its scripts and every module
 * they import statically (esbuild's shared chunks), each in the bytes the server actually sends for
 * no encoding, gzip and brotli. Dynamic imports (`import("./chunks/…")`, fetched only when used,
 * such as the ECharts chunk) are listed apart and not counted in the page's weight.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'

export const ENCODINGS = ['identity', 'gzip', 'br'] as const
export type Encoding = (typeof ENCODINGS)[number]
export type Sizes = Record<Encoding, number>

export interface FileWeight { url: string; kind: 'html' | 'css' | 'js'; bytes: Sizes }

export interface PageWeight {
  url: string
  files: FileWeight[]
  total: Sizes
  /** Scripts imported dynamically by the loaded ones: not fetched when the page loads. */
  lazy: string[]
  /** What those dynamic imports fetch when used (with their own static imports not already loaded). */
  lazyTotal: Sizes
  /** Whether any file the page loads is (or contains) ECharts. */
  loadsECharts: boolean
}

/** A string only ECharts' own code carries (the attribute it marks its chart containers with). */
const ECHARTS_SIGNATURE = '_echarts_instance_'

async function served(app: FastifyInstance, url: string): Promise<{ sizes: Sizes; body: string }> {
  const sizes = {} as Sizes
  let body = ''
  for (const encoding of ENCODINGS) {
    const res = await app.inject({ url, headers: { 'accept-encoding': encoding } })
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`)
    const sent = res.headers['content-encoding'] ?? 'identity'
    if (sent !== encoding) throw new Error(`GET ${url} with accept-encoding ${encoding} came back ${sent}`)
    sizes[encoding] = res.rawPayload.length
    if (encoding === 'identity') body = res.body
  }
  return { sizes, body }
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]

/** Stylesheets, module preloads and scripts a page references on this server. */
function pageAssets(html: string): string[] {
  const found: string[] = []
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attr(tag, 'rel') ?? ''
    const href = attr(tag, 'href')
    if (href?.startsWith('/assets/') && /\b(stylesheet|modulepreload)\b/.test(rel)) found.push(href)
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attr(tag, 'src')
    if (src?.startsWith('/assets/')) found.push(src)
  }
  return found
}

const resolve = (from: string, spec: string): string => new URL(spec, `http://x${from}`).pathname

/** Static imports (`import"./a.js"`, `import{x}from"./a.js"`, `export{x}from"./a.js"`) and dynamic ones. */
export function moduleImports(from: string, code: string): { static: string[]; dynamic: string[] } {
  const statics = [...code.matchAll(/\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.js)["']/g)].map((m) => resolve(from, m[1] as string))
  const dynamics = [...code.matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)].map((m) => resolve(from, m[1] as string))
  return { static: statics, dynamic: dynamics }
}

export async function pageWeight(app: FastifyInstance, url: string): Promise<PageWeight> {
  const page = await served(app, url)
  const files: FileWeight[] = [{ url, kind: 'html', bytes: page.sizes }]
  const queue = pageAssets(page.body)
  const seen = new Set<string>()
  const lazy = new Set<string>()
  let loadsECharts = false
  while (queue.length > 0) {
    const asset = queue.shift() as string
    if (seen.has(asset)) continue
    seen.add(asset)
    const { sizes, body } = await served(app, asset)
    const kind = asset.endsWith('.css') ? 'css' : 'js'
    files.push({ url: asset, kind, bytes: sizes })
    if (kind === 'js') {
      if (body.includes(ECHARTS_SIGNATURE)) loadsECharts = true
      const imports = moduleImports(asset, body)
      queue.push(...imports.static)
      for (const d of imports.dynamic) lazy.add(d)
    }
  }
  const sum = (list: FileWeight[]): Sizes => Object.fromEntries(ENCODINGS.map((e) => [e, list.reduce((n, f) => n + f.bytes[e], 0)])) as Sizes
  const lazyFiles: FileWeight[] = []
  const lazyQueue = [...lazy].filter((d) => !seen.has(d))
  while (lazyQueue.length > 0) {
    const asset = lazyQueue.shift() as string
    if (seen.has(asset)) continue
    seen.add(asset)
    const { sizes, body } = await served(app, asset)
    lazyFiles.push({ url: asset, kind: 'js', bytes: sizes })
    lazyQueue.push(...moduleImports(asset, body).static)
  }
  return { url, files, total: sum(files), lazy: [...lazy], lazyTotal: sum(lazyFiles), loadsECharts }
}

export interface EChartsChunk { url: string; bytes: Sizes }

/** The built scripts that carry ECharts (ideally one chunk of its own), with their weight as served. */
export async function echartsChunks(app: FastifyInstance, assetsDir: string): Promise<EChartsChunk[]> {
  const chunks: EChartsChunk[] = []
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])
  for (const file of walk(assetsDir)) {
    if (!file.endsWith('.js') || !fs.readFileSync(file, 'utf8').includes(ECHARTS_SIGNATURE)) continue
    const url = `/assets/${path.relative(assetsDir, file).split(path.sep).join('/')}`
    chunks.push({ url, bytes: (await served(app, url)).sizes })
  }
  return chunks
}
