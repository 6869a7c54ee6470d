/**
 * `npm run bench -- ingest [rows]`: rows/s and peak RSS of our ingest of the generated penalties file,
 * with every rule keep and with the desensitising rules, beside `sqlite3 .import` of the same file
 * (untyped, no checks: the floor of what loading this CSV into SQLite costs). Results go to
 * bench/results/ingest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { generatePenalties, DEFAULT_ROWS, parseRows } from './generate-penalties.ts'
import { writeResult } from './result.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

interface Run {
  name: string
  seconds: number
  rowsPerSecond: number
  maxRssMB?: number
}

function ourIngest(name: string, catalogDir: string, datasetsDir: string, id: string, rows: number): Run {
  const dataDir = fs.mkdtempSync(path.join(ROOT, 'data', 'bench', 'run-'))
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'ingest-child.ts'), catalogDir, datasetsDir, dataDir, id], {
      encoding: 'utf8', maxBuffer: 1 << 24,
    })
    const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { code: number; seconds: number; maxRssMB: number; output: string[] }
    if (result.code !== 0) throw new Error(`${name} failed: ${result.output.join('\n')}${child.stderr}`)
    console.log(`  ${result.output.join('\n  ')}`)
    return { name, seconds: result.seconds, rowsPerSecond: Math.round(rows / result.seconds), maxRssMB: Math.round(result.maxRssMB) }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

function sqliteImport(csvPath: string, rows: number): Run | undefined {
  try {
    execFileSync('sqlite3', ['--version'], { stdio: 'ignore' })
  } catch {
    console.log('  sqlite3 CLI not found; install it (apt-get install sqlite3) to compare')
    return undefined
  }
  const db = path.join(ROOT, 'data', 'bench', 'sqlite3-import.db')
  fs.rmSync(db, { force: true })
  const started = performance.now()
  execFileSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${csvPath} penalties`])
  const seconds = (performance.now() - started) / 1000
  fs.rmSync(db, { force: true })
  return { name: 'sqlite3 .import (untyped)', seconds, rowsPerSecond: Math.round(rows / seconds) }
}

export async function benchIngest(args: string[]): Promise<void> {
  const rows = args[0] ? parseRows(args[0]) : DEFAULT_ROWS
  const out = path.join(ROOT, 'data', 'bench', rows === DEFAULT_ROWS ? 'penalties-1m.csv' : `penalties-${rows}.csv`)
  console.log(`generating ${rows.toLocaleString('en')} rows → ${path.relative(ROOT, out)}`)
  const generated = await generatePenalties({ rows, out })
  const { catalogDir, keepCatalogDir, datasetsDir, id } = generated
  if (!catalogDir || !keepCatalogDir) throw new Error('the generator wrote no catalog files')
  console.log('ingest, every rule keep:')
  const keep = ourIngest('gongkai ingest (all keep)', keepCatalogDir, datasetsDir, id, rows)
  console.log('ingest, desensitising rules:')
  const rules = ourIngest('gongkai ingest (rules + leak guard)', catalogDir, datasetsDir, id, rows)
  const sqlite = sqliteImport(generated.csvPath, rows)
  const runs = [keep, rules, ...(sqlite ? [sqlite] : [])]
  for (const r of runs) console.log(`${r.name.padEnd(40)} ${r.rowsPerSecond.toLocaleString('en').padStart(10)} rows/s  ${r.seconds.toFixed(2)} s${r.maxRssMB ? `  peak RSS ${r.maxRssMB} MB` : ''}`)
  const costOfRules = rules.seconds / keep.seconds
  console.log(`desensitisation cost: ${costOfRules.toFixed(2)}× the all-keep ingest (target ≤ 1.5×)`)
  writeResult('ingest', { rows, fileBytes: generated.bytes, runs, desensitisationCost: Number(costOfRules.toFixed(3)) })
}
