#!/usr/bin/env node
// The installed command (npx gongkai, npm start): the plain JavaScript that npm install built into dist/,
// so neither tsx nor TypeScript is loaded, in this process or its query worker threads. It refuses a
// missing build, and one older than the sources beside it (a checkout edited or pulled since the build),
// rather than silently run code that is not the code in src/: `npm run build` rebuilds, and
// `npm run dev -- <command>` (bin/gongkai.ts) runs the sources through tsx without a build.
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

const ENTRY = new URL('../dist/cli/main.js', import.meta.url)
const SOURCES = fileURLToPath(new URL('../src', import.meta.url))

/** The newest modification time of a file under dir, or 0 when there is no such directory (an install without sources). */
function newestUnder(dir) {
  if (!fs.existsSync(dir)) return 0
  let newest = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs)
  }
  return newest
}

function buildProblem() {
  if (!fs.existsSync(ENTRY)) return 'gongkai has not been built: dist/ is missing'
  if (newestUnder(SOURCES) > fs.statSync(ENTRY).mtimeMs) return 'gongkai’s build in dist/ is older than its sources in src/'
  return undefined
}

const problem = buildProblem()
if (problem) {
  console.error(`${problem}; run \`npm run build\`, or \`npm run dev -- <command>\` to run the sources without a build`)
  process.exit(1)
}
const { runCli } = await import(ENTRY.href)
const code = await runCli(process.argv.slice(2))
if (code >= 0) process.exitCode = code
