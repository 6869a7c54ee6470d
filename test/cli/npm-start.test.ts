/**
 * `npm start` as a process manager runs it: SIGTERM to npm must reach the server, which closes and
 * exits, rather than leave it running orphaned behind a shell that died (what `sh -c node …` did).
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import t from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

t.test('SIGTERM to npm start stops the server', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(20))
  const npm = spawn(NPM, ['start'], { cwd: ROOT, env: { ...process.env, ...fx.env, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
  let output = ''
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 60_000)
    npm.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (listening?.[1]) {
        clearTimeout(timer)
        resolve(listening[1])
      }
    })
  })
  t.equal((await fetch(`${address}/healthz`)).status, 200, 'served while running')
  npm.kill('SIGTERM')
  t.equal(await exited, 0, 'npm exits with the server’s own exit code')
  await t.rejects(fetch(`${address}/healthz`), 'nothing listens any more')
})
