import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config/env.ts'
import { loadHolidays } from '../config/holidays.ts'
import { loadTiers } from '../config/tiers.ts'
import { openAccessStore, openStore } from '../store/open.ts'
import { applicationsCommand } from './commands/applications.ts'
import { ingestCommand } from './commands/ingest.ts'
import { keysCommand } from './commands/keys.ts'
import { startCommand } from './commands/start.ts'
import { validateCommand } from './commands/validate.ts'
import { consoleOutput, type Output } from './output.ts'

const USAGE = `usage: gongkai <command>

commands:
  validate           check every catalog file; exit 1 on any problem
  ingest [id…]       ingest the datasets whose catalog entry or source changed (or the ids given)
  start              ingest what changed, then serve the API (HOST, PORT)
  keys create --name N --tier registered|partner|admin [--expires YYYY-MM-DD]
                     issue an API key; it is printed once
  keys list          every key: id, tier, status, expiry, last use (never a secret)
  keys revoke ID     revoke a key (the <id> of gk_<id>_…), at once also for a running server
  applications list [--status S]
                     applications for conditional datasets
  applications approve ID --expires YYYY-MM-DD
                     approve: the key gets a grant through that day
  applications reject ID --reason "…"

environment: HOST, PORT, GONGKAI_CATALOG_DIR, GONGKAI_DATASETS_DIR, GONGKAI_DATA_DIR,
             GONGKAI_PSEUDONYM_KEY, GONGKAI_KEEP_VERSIONS, GONGKAI_TIERS_FILE,
             GONGKAI_HOLIDAYS_FILE, LOG_LEVEL`

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
  if (command === 'keys' || command === 'applications') {
    // options belong to the subcommand: hand it the raw arguments after the command word
    const args = argv.slice(argv.indexOf(command) + 1)
    const access = openAccessStore(config)
    try {
      return await (command === 'keys' ? keysCommand : applicationsCommand)(access, out, args)
    } finally {
      await access.close()
    }
  }
  if (command !== 'ingest' && command !== 'start') {
    out.error(`unknown command "${command}"\n\n${USAGE}`)
    return 2
  }
  if (command === 'start') {
    let settings
    try {
      settings = { tiers: loadTiers(env), calendar: loadHolidays(env, config.catalogDir) }
    } catch (error) {
      if (error instanceof ConfigError) {
        out.error(`configuration error: ${error.message}`)
        return 2
      }
      throw error
    }
    return startCommand(config, openStore(config), out, { access: openAccessStore(config), ...settings })
  }
  const store = openStore(config)
  try {
    return await ingestCommand(config, store, out, rest)
  } finally {
    await store.close()
  }
}
