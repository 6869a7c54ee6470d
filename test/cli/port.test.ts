/** `gongkai start` on an address it cannot listen on: one line naming the setting, exit 1, before any ingest. */
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import t from 'tap'
import { runCli } from '../../src/cli/main.ts'
import { listenProblem } from '../../src/cli/port.ts'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

t.test('a port in use is said in one line, before the ingest starts', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(50))
  const occupier = net.createServer()
  await new Promise<void>((resolve) => occupier.listen({ host: '127.0.0.1', port: 0 }, resolve))
  t.teardown(() => new Promise<void>((resolve) => occupier.close(() => resolve())))
  const port = (occupier.address() as net.AddressInfo).port

  const lines: string[] = []
  const code = await runCli(['start'], { log: (l) => lines.push(l), error: (l) => lines.push(l) }, { ...fx.env, HOST: '127.0.0.1', PORT: String(port) })
  t.equal(code, 1)
  t.same(lines, [`port ${port} is already in use on 127.0.0.1 (set PORT to another port)`], 'one line, naming the port and PORT')
  t.notOk(fs.existsSync(path.join(fx.config.dataDir, 'datasets')), 'nothing was ingested')
})

t.test('a HOST that is not this machine’s is said the same way', async (t) => {
  const fx = makeFixture(t)
  const lines: string[] = []
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of a real machine
  const code = await runCli(['start'], { log: (l) => lines.push(l), error: (l) => lines.push(l) }, { ...fx.env, HOST: '192.0.2.1', PORT: '3000' })
  t.equal(code, 1)
  t.same(lines, ['HOST 192.0.2.1 is not an address of this machine (set HOST to one that is, such as 127.0.0.1)'])
})

t.test('each address problem names the setting to change', async (t) => {
  const cases: Array<[string | undefined, RegExp | undefined]> = [
    ['EADDRINUSE', /^port 8080 is already in use on 10\.0\.0\.9 \(set PORT to another port\)$/],
    ['EACCES', /^port 8080 needs privileges .*\(set PORT to 1024 or above/],
    ['EADDRNOTAVAIL', /^HOST 10\.0\.0\.9 is not an address of this machine \(set HOST/],
    ['ENOTFOUND', /^HOST 10\.0\.0\.9 does not resolve/],
    ['EMFILE', undefined],
    [undefined, undefined],
  ]
  for (const [code, expected] of cases) {
    const error = Object.assign(new Error('listen failed'), code ? { code } : {})
    const problem = listenProblem(error, '10.0.0.9', 8080)
    if (expected) t.match(problem, expected, String(code))
    else t.equal(problem, undefined, `${code}: not an address problem, rethrown`)
  }
})
