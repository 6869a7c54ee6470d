/**
 * `npm run bench -- portal [injects] [seconds]`: the portal's speed bars (issue 10), over the
 * committed sample catalog ingested into a temporary data dir, in one run:
 *  (a) server-side time of the home page and of dataset pages (admin-penalties, grade 2: metadata
 *      only; air-quality-daily, grade 1: with its data preview; the same with a chart state in the
 *      URL, which renders the chart's table from /aggregate), warm (after a first request, so the
 *      store's page cache holds the preview): p50/p99 of `injects` sequential app.inject() calls,
 *      and over real HTTP with autocannon (1 connection for latency, 10 for throughput), beside the
 *      ceiling: a bare Fastify with no plugins or hooks sending the same HTML as a cached string;
 *  (b)/(c) page weight of home and a dataset page: the HTML, CSS and every script it loads
 *      (static imports followed), as the server sends them without encoding, gzip and brotli;
 *      whether ECharts is among them and what its chunk weighs.
 * Targets: a dataset page ≤ 20 ms server-side; home ≤ 60 KB compressed, no chart code on it.
 * Results: bench/results/portal.json.
 */
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import Fastify from 'fastify'
import { ingestSamples, openSamplePlatform, ROOT, snapshotAssets } from './portal-platform.ts'
import { echartsChunks, pageWeight, type PageWeight, type Sizes } from './portal-weight.ts'
import { writeResult } from './result.ts'

const TARGET_RENDER_MS = 20
const TARGET_HOME_KB = 60

const PAGES = [
  { name: 'home', url: '/' },
  { name: 'dataset, grade 2 (metadata, no preview)', url: '/datasets/admin-penalties' },
  { name: 'dataset, grade 1 with preview', url: '/datasets/air-quality-daily' },
  { name: 'dataset, grade 1, preview + chart state', url: '/datasets/air-quality-daily?group=station&measure=avg:aqi&chart=bar' },
] as const

/** Wall-clock milliseconds per request, and the process's CPU milliseconds per request (which a busy machine inflates less). */
interface Timing { p50: number; p99: number; mean: number; max: number; cpuPerRequest?: number }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  const round = (n: number) => Number(n.toFixed(2))
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), mean: round(samples.reduce((a, b) => a + b, 0) / samples.length), max: round(sorted.at(-1) as number) }
}

async function injectTimes(app: { inject(o: { url: string }): Promise<{ statusCode: number }> }, url: string, n: number): Promise<Timing> {
  const first = await app.inject({ url })
  if (first.statusCode !== 200) throw new Error(`GET ${url}: ${first.statusCode}`)
  for (let i = 0; i < 20; i++) await app.inject({ url }) // warm: page cache, JIT
  const samples: number[] = []
  const cpu = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    const started = performance.now()
    const res = await app.inject({ url })
    samples.push(performance.now() - started)
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`)
  }
  const used = process.cpuUsage(cpu)
  return { ...timing(samples), cpuPerRequest: Number(((used.user + used.system) / 1000 / n).toFixed(2)) }
}

interface Http { connections: number; requestsPerSecond: number; p50: number; p99: number; non2xx: number; errors: number }

async function http(port: number, url: string, connections: number, duration: number, headers: Record<string, string> = {}): Promise<Http> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests: [{ method: 'GET', path: url, headers }] })
  return { connections, requestsPerSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const sizes = (s: Sizes) => `${kb(s.identity).padStart(9)} raw ${kb(s.gzip).padStart(8)} gzip ${kb(s.br).padStart(8)} br`

function printWeight(name: string, w: PageWeight): void {
  console.log(`\n${name} weight (${w.url}): ${w.files.length} files`)
  for (const f of w.files) console.log(`  ${f.kind.padEnd(4)} ${f.url.padEnd(44)} ${sizes(f.bytes)}`)
  console.log(`  ${'total'.padEnd(49)} ${sizes(w.total)}`)
  console.log(`  ECharts loaded: ${w.loadsECharts ? 'YES' : 'no'}; lazy imports: ${w.lazy.length ? `${w.lazy.join(', ')} (${sizes(w.lazyTotal)})` : 'none'}`)
}

export async function benchPortal(args: string[]): Promise<void> {
  const injects = Number(args[0] ?? 300)
  const duration = Number(args[1] ?? 5)
  const started = performance.now()
  const loadBefore = os.loadavg()[0] as number
  const dataDir = await ingestSamples()
  console.log(`sample catalog ingested into ${dataDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  try {
    // dist/assets as built now (npm run build:assets after changing the client code or styles)
    const assetsDir = snapshotAssets(path.join(dataDir, 'assets'))
    // in process: inject timings, the ceiling's, and page weights
    const platform = await openSamplePlatform(dataDir, false, assetsDir)
    const ceiling = Fastify({ logger: false })
    const cached = new Map<string, string>()
    ceiling.get('*', (request, reply) => reply.type('text/html; charset=utf-8').send(cached.get(request.url)))
    await ceiling.ready()
    const pages = []
    let home: PageWeight, dataset: PageWeight, echarts
    try {
      for (const page of PAGES) {
        const html = (await platform.app.inject({ url: page.url })).body
        cached.set(page.url, html)
        const portal = await injectTimes(platform.app, page.url, injects)
        const bare = await injectTimes(ceiling, page.url, injects)
        console.log(`inject ${page.name.padEnd(42)} p50 ${String(portal.p50).padStart(6)} ms  p99 ${String(portal.p99).padStart(6)} ms  cpu ${String(portal.cpuPerRequest).padStart(5)} ms/req   ceiling p50 ${bare.p50} ms p99 ${bare.p99} ms cpu ${bare.cpuPerRequest} ms/req  (${kb(Buffer.byteLength(html))} HTML)`)
        pages.push({ ...page, htmlBytes: Buffer.byteLength(html), inject: { portal, ceiling: bare, ratioP50: Number((bare.p50 / portal.p50).toFixed(3)) } })
      }
      home = await pageWeight(platform.app, '/')
      dataset = await pageWeight(platform.app, '/datasets/air-quality-daily')
      echarts = await echartsChunks(platform.app, assetsDir)
    } finally {
      await ceiling.close()
      await platform.close()
    }

    // over HTTP: the servers in a child process, autocannon here
    const server = fork(path.join(ROOT, 'bench', 'portal-server.ts'), [dataDir, assetsDir, ...PAGES.map((p) => p.url)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
    try {
      const ports = await new Promise<{ portal: number; ceiling: number }>((resolve, reject) => {
        server.once('message', (m) => resolve(m as { portal: number; ceiling: number }))
        server.once('exit', (code) => reject(new Error(`portal-server exited ${code}`)))
      })
      for (const page of pages) {
        // warm over HTTP too (the child's JIT and sockets): a second of load, not counted
        await http(ports.portal, page.url, 10, 1)
        await http(ports.ceiling, page.url, 10, 1)
        const latency = await http(ports.portal, page.url, 1, duration)
        const latencyBr = await http(ports.portal, page.url, 1, duration, { 'accept-encoding': 'br' })
        const throughput = await http(ports.portal, page.url, 10, duration)
        const ceilingLatency = await http(ports.ceiling, page.url, 1, duration)
        const ceilingThroughput = await http(ports.ceiling, page.url, 10, duration)
        Object.assign(page, {
          http: {
            portal: { latency, latencyBrotli: latencyBr, throughput },
            ceiling: { latency: ceilingLatency, throughput: ceilingThroughput },
            ratioThroughput: Number((throughput.requestsPerSecond / ceilingThroughput.requestsPerSecond).toFixed(3)),
          },
        })
        console.log(`http   ${page.name.padEnd(42)} 1 conn p50 ${latency.p50} ms p99 ${latency.p99} ms (br p50 ${latencyBr.p50} ms)   10 conn ${throughput.requestsPerSecond} req/s   ceiling ${ceilingThroughput.requestsPerSecond} req/s (p50 ${ceilingLatency.p50} ms)${throughput.non2xx + latency.non2xx ? `  non-2xx ${throughput.non2xx + latency.non2xx}` : ''}`)
      }
    } finally {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('exit', resolve))
    }

    printWeight('home', home)
    printWeight('dataset', dataset)
    console.log(`\nECharts chunk(s): ${echarts.length ? echarts.map((c) => `${c.url} ${sizes(c.bytes)}`).join('; ') : 'none built'}`)

    const datasetPages = pages.filter((p) => p.url.startsWith('/datasets/'))
    const worstP50 = Math.max(...datasetPages.map((p) => p.inject.portal.p50))
    const worstP99 = Math.max(...datasetPages.map((p) => p.inject.portal.p99))
    const homeCompressed = Math.max(home.total.gzip, home.total.br)
    const targets = {
      datasetPageRenderMs: { target: TARGET_RENDER_MS, worstP50: worstP50, worstP99: worstP99, met: worstP50 <= TARGET_RENDER_MS },
      homeCompressedKB: { target: TARGET_HOME_KB, gzipKB: Number((home.total.gzip / 1024).toFixed(1)), brotliKB: Number((home.total.br / 1024).toFixed(1)), met: homeCompressed <= TARGET_HOME_KB * 1024 },
      noEChartsOnHome: { met: !home.loadsECharts },
    }
    console.log(`\ntargets: dataset page p50 ${worstP50} ms (p99 ${worstP99}) ≤ ${TARGET_RENDER_MS} ms ${targets.datasetPageRenderMs.met ? 'met' : 'NOT met'}; home ${kb(home.total.gzip)} gzip / ${kb(home.total.br)} br ≤ ${TARGET_HOME_KB} KB ${targets.homeCompressedKB.met ? 'met' : 'NOT met'}; ECharts on home: ${home.loadsECharts ? 'YES (target not met)' : 'no'}`)
    // figures from a busy machine are not figures of the code: say how busy it was
    const load = { before: Number(loadBefore.toFixed(2)), after: Number((os.loadavg()[0] as number).toFixed(2)) }
    console.log(`load average (1 min) ${load.before} before, ${load.after} after, on ${os.cpus().length} CPUs`)
    writeResult('portal', {
      loadAverage: load,
      ceiling: 'bare Fastify 5 (no plugins, no hooks, logger off) answering each URL with the portal\'s own HTML for it as a cached string, same process (inject) / same child process (HTTP)',
      injectsPerPage: injects,
      httpDurationSeconds: duration,
      targets,
      pages,
      weight: { home, dataset },
      echartsChunks: echarts,
    })
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
