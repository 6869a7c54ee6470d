/**
 * `npm run bench -- download [runs]`: MB/s of full downloads of the 1M-row penalties CSV and Arrow
 * file from Gongkai (the download route: access check, conditional logic, @fastify/send) beside a
 * bare Node http server streaming the same file with fs.createReadStream, over real HTTP on
 * 127.0.0.1, several sequential downloads each, in one run. The servers run in a child process
 * (bench/download-server.ts); the client here only counts bytes. Results in bench/results/download.json.
 *
 * The bench dataset is published at grade 1 here so that downloads are anonymous, and each server
 * gets at most 2 × (runs + 1) downloads, inside the anonymous hourly download limit.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import readline from 'node:readline'
import { BENCH_ID, generatePenalties } from './generate-penalties.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const DEFAULT_RUNS = 4
// Datasette streaming the same table as CSV, measured for the issue (context, not measured here)
const DATASETTE_CSV_MB_S = 6.3

function download(port: number, urlPath: string): Promise<{ bytes: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${urlPath}: ${response.statusCode}`))
        response.resume()
        return
      }
      let bytes = 0
      response.on('data', (chunk: Buffer) => { bytes += chunk.length })
      response.on('end', () => resolve({ bytes, seconds: (performance.now() - started) / 1000 }))
      response.on('error', reject)
    }).on('error', reject)
  })
}

interface Measured {
  server: string
  format: string
  bytes: number
  runs: number[]
  medianMBps: number
}

async function measure(server: string, port: number, format: string, urlPath: string, runs: number): Promise<Measured> {
  await download(port, urlPath) // warm the page cache and the connection path
  const rates: number[] = []
  let bytes = 0
  for (let i = 0; i < runs; i++) {
    const result = await download(port, urlPath)
    bytes = result.bytes
    rates.push(result.bytes / 1e6 / result.seconds)
  }
  const sorted = [...rates].sort((a, b) => a - b)
  const medianMBps = sorted[Math.floor(sorted.length / 2)] as number
  console.log(`${server.padEnd(8)} ${format.padEnd(6)} ${(bytes / 1e6).toFixed(1)} MB  median ${medianMBps.toFixed(0)} MB/s  (${rates.map((r) => r.toFixed(0)).join(', ')})`)
  return { server, format, bytes, runs: rates.map((r) => Math.round(r)), medianMBps: Math.round(medianMBps) }
}

export async function benchDownload(args: string[]): Promise<void> {
  const runs = args[0] ? Number(args[0]) : DEFAULT_RUNS
  if (!Number.isInteger(runs) || runs < 1 || runs > 9) throw new Error('runs must be 1..9 (the anonymous download limit is 20 an hour)')
  const generated = await generatePenalties({ out: path.join(ROOT, 'data', 'bench', `${BENCH_ID}.csv`) })
  if (!generated.catalogDir) throw new Error('the generator wrote no catalog files')
  const catalogDir = path.join(ROOT, 'data', 'bench', 'catalog-download')
  fs.mkdirSync(catalogDir, { recursive: true })
  fs.copyFileSync(path.join(generated.catalogDir, '_themes.yaml'), path.join(catalogDir, '_themes.yaml'))
  const entry = fs.readFileSync(path.join(generated.catalogDir, `${BENCH_ID}.yaml`), 'utf8')
  fs.writeFileSync(path.join(catalogDir, `${BENCH_ID}.yaml`), entry.replace(/^grade: 2$/m, 'grade: 1'))

  const dataDir = fs.mkdtempSync(path.join(ROOT, 'data', 'bench', 'download-'))
  try {
    console.log('ingesting the 1M-row penalties file (with bulk files)…')
    const ingest = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ingest-child.ts'), catalogDir, generated.datasetsDir, dataDir, BENCH_ID], { encoding: 'utf8', maxBuffer: 1 << 24 })
    const ingested = JSON.parse(ingest.stdout.trim().split('\n').pop() ?? '{}') as { code: number; seconds: number; output: string[] }
    if (ingested.code !== 0) throw new Error(`ingest failed: ${ingested.output?.join('\n')}${ingest.stderr}`)
    console.log(`  ${ingested.output.join('\n  ')}`)

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'download-server.ts'), dataDir, BENCH_ID, '1'], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const first = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout }).once('line', resolve)
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
      })
      const ports = JSON.parse(first) as { ours: number; bare: number }
      const results: Measured[] = []
      for (const format of ['csv', 'arrow']) {
        results.push(await measure('bare', ports.bare, format, `/${format}`, runs))
        results.push(await measure('gongkai', ports.ours, format, `/api/v1/datasets/${BENCH_ID}/download.${format}`, runs))
      }
      const rate = (server: string, format: string): number => results.find((r) => r.server === server && r.format === format)?.medianMBps ?? 0
      const ratios = { csv: Number((rate('gongkai', 'csv') / rate('bare', 'csv')).toFixed(2)), arrow: Number((rate('gongkai', 'arrow') / rate('bare', 'arrow')).toFixed(2)) }
      console.log(`ratio gongkai / bare: CSV ${ratios.csv}× (target ≥ 0.8×), Arrow ${ratios.arrow}×; Datasette CSV for context: ${DATASETTE_CSV_MB_S} MB/s`)
      writeResult('download', { rows: generated.rows, ingestSeconds: Number(ingested.seconds.toFixed(1)), runsPerCase: runs, results, ratios, datasetteCsvMBps: DATASETTE_CSV_MB_S })
    } finally {
      child.kill()
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
