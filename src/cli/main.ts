import { AccessError } from '../access/errors.ts'
import { loadConfig } from '../config/env.ts'
import { ConfigError } from '../config/load.ts'
import { UsageError, type CliCommand } from './command.ts'
import { applicationsCommands } from './commands/applications.ts'
import { changesCommand } from './commands/changes.ts'
import { ingestCommand } from './commands/ingest.ts'
import { keysCommands } from './commands/keys.ts'
import { purgeCommand } from './commands/purge.ts'
import { startCommand } from './commands/start.ts'
import { validateCommand } from './commands/validate.ts'
import { consoleOutput, type Output } from './output.ts'
import { parseCommandArgs } from './parse-args.ts'
import { commandUsage, globalUsage, groupUsage } from './usage.ts'
import { packageVersion } from './version.ts'

/** Every command, in the order `gongkai help` lists them: registering one is a line here. */
const COMMANDS: readonly CliCommand[] = [
  validateCommand,
  ingestCommand,
  startCommand,
  purgeCommand,
  changesCommand,
  ...keysCommands,
  ...applicationsCommands,
]

/** A word typed by the user, repeated in a message only if it cannot be a secret someone pasted. */
function shown(word: string): string {
  return /^-{0,2}[a-z][a-z -]{0,40}$/.test(word) ? `"${word}"` : '(not repeated here)'
}

/** The command named by the leading words of argv, and the arguments after its name. */
function findCommand(argv: readonly string[]): { command: CliCommand; args: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ')
    if (words.every((word, i) => argv[i] === word)) return { command, args: argv.slice(words.length) }
  }
  return undefined
}

function groupOf(word: string | undefined): CliCommand[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${word} `))
}

/** `gongkai help [command…]`: the overview, one command's usage, or a group's. */
function help(words: readonly string[], out: Output): number {
  if (!words.length) {
    out.log(globalUsage(COMMANDS))
    return 0
  }
  const found = findCommand(words)
  if (found && !found.args.length) {
    out.log(commandUsage(found.command))
    return 0
  }
  const group = groupOf(words[0])
  if (group.length && words.length === 1) {
    out.log(groupUsage(group))
    return 0
  }
  out.error(`no command ${shown(words.join(' '))}\n\n${globalUsage(COMMANDS)}`)
  return 2
}

/** Runs one CLI command; resolves to the exit code (-1: keep running, a server was started). */
export async function runCli(argv: readonly string[], out: Output = consoleOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined) {
    out.error(globalUsage(COMMANDS))
    return 2
  }
  if (first === 'help' || first === '--help' || first === '-h') return help(rest, out)
  if (first === '--version') {
    if (rest.length) {
      out.error(`--version takes nothing after it\n\n${globalUsage(COMMANDS)}`)
      return 2
    }
    out.log(`gongkai ${packageVersion()}`)
    return 0
  }
  const found = findCommand(argv)
  if (!found) {
    const group = groupOf(first)
    if (!group.length) {
      out.error(`${first.startsWith('-') ? 'unknown option' : 'unknown command'} ${shown(first)}\n\n${globalUsage(COMMANDS)}`)
      return 2
    }
    if (rest[0] === '--help' || rest[0] === '-h') return help([first], out)
    out.error(`${rest.length ? `unknown command ${shown(`${first} ${rest[0]}`)}\n\n` : ''}${groupUsage(group)}`)
    return 2
  }
  return runCommand(found.command, found.args, out, env)
}

async function runCommand(command: CliCommand, args: readonly string[], out: Output, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const input = parseCommandArgs(command, args)
    if (input === 'help') {
      out.log(commandUsage(command))
      return 0
    }
    return await command.run(input, { config: loadConfig(env), env, out })
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`${error.message}\n\n${commandUsage(command)}`)
      return 2
    }
    if (error instanceof ConfigError) {
      out.error(`configuration error: ${error.message}`)
      return 2
    }
    if (error instanceof AccessError) {
      out.error(error.message)
      return 1
    }
    throw error
  }
}
