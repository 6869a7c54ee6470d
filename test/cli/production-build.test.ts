/**
 * The production build (issue 11 §5): bin/gongkai.js runs dist/ with what `npm prune --omit=dev` leaves,
 * and refuses a build that is missing or older than the sources. The install is simulated without
 * touching the real node_modules: the packages npm would keep (package-lock.json, not marked dev) are
 * linked into a directory of their own beside dist/, bin/ and package.json, and node resolves through
 * the links (--preserve-symlinks, which worker threads inherit), so tsx, TypeScript and esbuild are
 * not there at all: a module of the server or of a query worker that imported one would fail to load.
 * Uses the dist/ that npm install and npm test build (npm run build after editing src/).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const DEV_ONLY = ['tsx', 'typescript', 'esbuild']

/** The top-level packages `npm prune --omit=dev` keeps, as package-lock.json names them. */
function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
  return Object.entries(lock.packages)
    .filter(([key, meta]) => key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('node_modules/') && !meta.dev)
    .map(([key]) => key.slice('node_modules/'.length))
    .filter((name) => fs.existsSync(path.join(ROOT, 'node_modules', name)))
}

/** An install under dir: package.json, bin/ and (if withDist) dist/ of this checkout, and only the production packages. */
function productionInstall(dir: string, { withDist = true } = {}): string {
  fs.mkdirSync(dir, { recursive: true })
  for (const entry of ['package.json', 'bin', ...(withDist ? ['dist'] : [])]) fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry))
  for (const name of productionPackages()) {
    fs.mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true })
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name))
  }
  return dir
}

/** `node bin/gongkai.js …` of the install, in an environment with nothing of the test runner's (its NODE_OPTIONS load tsx). */
function gongkai(install: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', path.join(install, 'bin/gongkai.js'), ...args], {
    cwd: install,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function finished(child: ReturnType<typeof gongkai>): Promise<{ code: number | null; output: string }> {
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, output }
}

t.test('the checkout’s dist/ is built and current (npm run build after editing src/)', async (t) => {
  const { code, output } = await finished(spawn(process.execPath, [path.join(ROOT, 'bin/gongkai.js'), '--version'], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] }))
  t.equal(code, 0, output)
  t.match(output, /^gongkai \d+\.\d+\.\d+/)
})

t.test('the simulated install has no dev dependency', async (t) => {
  const install = productionInstall(t.testdir())
  for (const name of DEV_ONLY) t.notOk(fs.existsSync(path.join(install, 'node_modules', name)), `${name} is not installed`)
  t.ok(fs.existsSync(path.join(install, 'node_modules', 'fastify')), 'the dependencies are')
})

// a build newer than its sources runs: the first test (this checkout); an install without sources: the last
t.test('bin/gongkai.js refuses a missing build and one older than the sources', async (t) => {
  const cases = [
    { name: 'a source edited after the build', withDist: true, editedSource: true, output: /older than its sources in src\/; run `npm run build`, or `npm run dev -- <command>`/ },
    { name: 'no build', withDist: false, editedSource: false, output: /dist\/ is missing; run `npm run build`/ },
  ]
  const root = t.testdir()
  for (const [i, c] of cases.entries()) {
    const install = productionInstall(path.join(root, String(i)), { withDist: c.withDist })
    if (c.editedSource) {
      const file = path.join(install, 'src/cli/main.ts')
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, '')
      const later = new Date(Date.now() + 60_000)
      fs.utimesSync(file, later, later)
    }
    const { code, output } = await finished(gongkai(install, ['--version']))
    t.equal(code, 1, `${c.name}: refused`)
    t.match(output, c.output, c.name)
  }
})

t.test('the server starts from dist/ without dev dependencies, answers through a query worker and the portal, and stops on SIGTERM', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(20))
  const install = productionInstall(path.join(fx.root, 'install'))
  const spawned = performance.now()
  const server = gongkai(install, ['start'], { ...fx.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' })
  const done = finished(server)
  let output = ''
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 30_000)
    server.once('exit', () => reject(new Error(`the server exited: ${output}`)))
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (listening?.[1]) {
        clearTimeout(timer)
        resolve(listening[1])
      }
    }
    server.stdout.on('data', read)
    server.stderr.on('data', read)
  })
  const listening = performance.now()
  const ready = await fetch(`${address}/readyz`)
  await ready.arrayBuffer()
  t.equal(ready.status, 200, 'ready')
  const rows = await fetch(`${address}/api/v1/datasets/stations/rows?_limit=5`)
  t.equal(rows.status, 200, 'rows answered')
  t.equal(((await rows.json()) as { rows: unknown[] }).rows.length, 5)
  // a page compiled from .tsx, naming a built asset that dist/ finds beside it
  const page = await fetch(`${address}/datasets/stations`, { headers: { accept: 'text/html' } })
  t.equal(page.status, 200, 'portal page rendered')
  const stylesheet = /href="(\/assets\/portal-[^"]+\.css)"/.exec(await page.text())?.[1]
  const css = stylesheet ? await fetch(`${address}${stylesheet}`) : undefined
  // read to the end, so that no connection is still busy when the server is told to stop
  await css?.arrayBuffer()
  t.equal(css?.status, 200, 'its stylesheet served')
  const killed = performance.now()
  server.kill('SIGTERM')
  const { code } = await done
  t.equal(code, 0, 'exits 0 on SIGTERM')
  const ms = (from: number, to: number) => `${Math.round(to - from)} ms`
  t.comment(`listening after ${ms(spawned, listening)}, answered in ${ms(listening, killed)}, exited ${ms(killed, performance.now())} after SIGTERM`)
  t.notMatch(output, /tsx|ERR_MODULE_NOT_FOUND/, 'nothing asked for tsx')
})
