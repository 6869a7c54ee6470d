import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Writes bench/results/<name>.json with the machine it ran on. */
export function writeResult(name: string, result: Record<string, unknown>): void {
  const file = path.resolve(import.meta.dirname, 'results', `${name}.json`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version }
  fs.writeFileSync(file, `${JSON.stringify({ benchmark: name, date: new Date().toISOString(), machine, ...result }, null, 2)}\n`)
  console.log(`→ ${path.relative(process.cwd(), file)}`)
}
