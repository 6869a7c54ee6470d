import type { CliCommand } from './command.ts'

export const ENVIRONMENT = `environment: HOST, PORT, GONGKAI_CATALOG_DIR, GONGKAI_DATASETS_DIR, GONGKAI_DATA_DIR,
             GONGKAI_PSEUDONYM_KEY, GONGKAI_KEEP_VERSIONS, GONGKAI_QUERY_WORKERS,
             GONGKAI_QUERY_BUDGET_MS, GONGKAI_TRUST_PROXY, GONGKAI_TIERS_FILE,
             GONGKAI_HOLIDAYS_FILE, LOG_LEVEL`

/** `gongkai applications approve ID --expires YYYY-MM-DD`: operands, required options, then optional ones. */
export function synopsis(command: CliCommand): string {
  const options = Object.entries(command.options ?? {})
  const shown = (name: string, value: string | undefined): string => (value ? `--${name} ${value}` : `--${name}`)
  return [
    `gongkai ${command.name}`,
    ...(command.operands ? [command.operands.label] : []),
    ...options.filter(([, o]) => o.required).map(([name, o]) => shown(name, o.value)),
    ...options.filter(([, o]) => !o.required).map(([name, o]) => `[${shown(name, o.value)}]`),
  ].join(' ')
}

/** What `gongkai help <command>` prints, and what follows a usage error. */
export function commandUsage(command: CliCommand): string {
  const options = Object.entries(command.options ?? {})
  const width = Math.max(0, ...options.map(([name, o]) => `--${name}${o.value ? ` ${o.value}` : ''}`.length))
  const lines = options.map(([name, o]) => `  ${`--${name}${o.value ? ` ${o.value}` : ''}`.padEnd(width)}  ${o.help}`)
  return [`usage: ${synopsis(command)}`, '', command.summary, ...(lines.length ? ['', 'options:', ...lines] : [])].join('\n')
}

/** The usage of a group of commands (`gongkai keys`): one synopsis a line. */
export function groupUsage(commands: readonly CliCommand[]): string {
  return ['usage:', ...commands.map((c) => `  ${synopsis(c)}`)].join('\n')
}

const SUMMARY_COLUMN = 30

export function globalUsage(commands: readonly CliCommand[]): string {
  const entry = (left: string, summary: string): string =>
    left.length + 2 <= SUMMARY_COLUMN ? `  ${left.padEnd(SUMMARY_COLUMN - 2)}${summary}` : `  ${left}\n${' '.repeat(SUMMARY_COLUMN)}${summary}`
  return [
    'usage: gongkai <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => entry(synopsis(c).slice('gongkai '.length), c.summary)),
    entry('help [command]', 'this text, or the usage and options of one command'),
    '',
    'options: --help (-h) with any command prints its usage; --version prints the version',
    '',
    ENVIRONMENT,
  ].join('\n')
}
