import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { Test } from 'tap'

const BIN = path.resolve(import.meta.dirname, '../../bin/gongkai.js')

export interface GongkaiProcess {
  child: ChildProcess
  /** http://HOST:PORT once it listens. */
  address: string
  /** Resolves to the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
}

/**
 * `node bin/gongkai.js ARGS` (the built CLI, as npm start runs it), resolved once it logs that it
 * listens (so LOG_LEVEL is info whatever env says); stopped with SIGTERM in teardown unless it already
 * exited. `ready` is how long it may take.
 */
export async function startGongkai(t: Test, args: string[], env: NodeJS.ProcessEnv, ready = 60_000): Promise<GongkaiProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    await exited
  })
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongkai ${args.join(' ')} did not start listening: ${output}`)), ready)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`gongkai ${args.join(' ')} exited with ${code} before it listened: ${output}`))
    })
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const listening = /Server listening at (http:\/\/[\d.]+:\d+)/.exec(output)
      if (listening?.[1]) {
        clearTimeout(timer)
        resolve(listening[1])
      }
    })
  })
  return { child, address, exited, output: () => output }
}
