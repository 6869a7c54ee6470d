/**
 * Runs one ingest in its own process (so peak RSS is the ingest's alone) and prints a JSON line with
 * the wall time and maxRSS. Usage: node --import tsx bench/ingest-child.ts <catalogDir> <datasetsDir> <dataDir> <id>
 */
import { runCli } from '../src/cli/main.ts'

const [catalogDir, datasetsDir, dataDir, id] = process.argv.slice(2)
if (!catalogDir || !datasetsDir || !dataDir || !id) throw new Error('usage: ingest-child.ts <catalogDir> <datasetsDir> <dataDir> <id>')
const lines: string[] = []
const started = performance.now()
const code = await runCli(['ingest', id], { log: (l) => lines.push(l), error: (l) => lines.push(l) }, {
  ...process.env,
  GONGKAI_CATALOG_DIR: catalogDir,
  GONGKAI_DATASETS_DIR: datasetsDir,
  GONGKAI_DATA_DIR: dataDir,
  GONGKAI_PSEUDONYM_KEY: 'benchmark-pseudonym-key-not-secret',
})
const seconds = (performance.now() - started) / 1000
process.stdout.write(`${JSON.stringify({ code, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, memory: process.memoryUsage(), output: lines })}\n`)
