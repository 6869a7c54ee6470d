import { fork } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export interface QueryServer { base: string; stop: () => Promise<void> }

/**
 * bench/query-server.ts on 127.0.0.1:`port` over `dataDir` with these flags (query-server.ts says which),
 * once it listens, with its /bench/ceiling body set to `firstPath`'s own response (so both send the same
 * bytes). `stop()` resolves once it has exited and the port is free.
 */
export async function startQueryServer(port: number, dataDir: string, firstPath: string, flags: string[] = []): Promise<QueryServer> {
  const ceilingFile = path.join(dataDir, `ceiling-${port}.json`)
  const server = fork(path.join(import.meta.dirname, 'query-server.ts'), [dataDir, String(port), ceilingFile, ...flags], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  await new Promise<void>((resolve, reject) => {
    server.once('message', () => resolve())
    server.once('exit', (code) => reject(new Error(`query server exited ${code}`)))
  })
  server.removeAllListeners('exit')
  const stop = () => new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve()
    const kill = setTimeout(() => server.kill('SIGKILL'), 10_000)
    server.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    server.kill('SIGTERM')
  })
  const base = `http://127.0.0.1:${port}`
  try {
    fs.writeFileSync(ceilingFile, await (await fetch(`${base}${firstPath}`)).text())
  } catch (error) {
    await stop()
    throw error
  }
  return { base, stop }
}

/** `run` with such a server, stopped afterwards however `run` ends. */
export async function withQueryServer<T>(port: number, dataDir: string, firstPath: string, flags: string[], run: (base: string) => Promise<T>): Promise<T> {
  const server = await startQueryServer(port, dataDir, firstPath, flags)
  try {
    return await run(server.base)
  } finally {
    await server.stop()
  }
}
