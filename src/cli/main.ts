import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config/env.ts'
import { openStore } from '../store/open.ts'
import { ingestCommand } from './commands/ingest.ts'
import { startCommand } from './commands/start.ts'
import { validateCommand } from './commands/validate.ts'
import { consoleOutput, type Output } from './output.ts'

const USAGE = `usage: gongkai <command>

commands:
  validate           check every catalog file; exit 1 on any problem
  ingest [id…]       ingest the datasets whose catalog entry or source changed (or the ids given)
  start              ingest what changed, then serve the API (HOST, PORT)

environment: HOST, PORT, GONGKAI_CATALOG_DIR, GONGKAI_DATASETS_DIR, GONGKAI_DATA_DIR,
             GONGKAI_PSEUDONYM_KEY, GONGKAI_KEEP_VERSIONS, LOG_LEVEL`

/** Runs one CLI command; resolves to the exit code (-1: keep running, a server was started). */
export async function runCli(argv: readonly string[], out: Output = consoleOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { positionals, values } = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } })
  const [command, ...rest] = positionals
  if (values.help || command === undefined || command === 'help') {
    out.log(USAGE)
    return command === undefined && !values.help ? 2 : 0
  }
  let config
  try {
    config = loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      out.error(`configuration error: ${error.message}`)
      return 2
    }
    throw error
  }
  if (command === 'validate') return validateCommand(config, out)
  if (command !== 'ingest' && command !== 'start') {
    out.error(`unknown command "${command}"\n\n${USAGE}`)
    return 2
  }
  const store = openStore(config)
  if (command === 'start') return startCommand(config, store, out)
  try {
    return await ingestCommand(config, store, out, rest)
  } finally {
    await store.close()
  }
}
