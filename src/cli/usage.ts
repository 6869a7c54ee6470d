import type { CliCommand } from './command.ts'

/** Every variable src/config reads (test/cli/flags.test.ts checks that none is missing); the README says what each means. */
const VARIABLES = [
  'HOST', 'PORT', 'GONGKAI_CATALOG_DIR', 'GONGKAI_DATASETS_DIR', 'GONGKAI_DATA_DIR', 'GONGKAI_PSEUDONYM_KEY',
  'GONGKAI_KEEP_VERSIONS', 'GONGKAI_QUERY_WORKERS', 'GONGKAI_QUERY_BUDGET_MS', 'GONGKAI_QUERY_QUEUE',
  'GONGKAI_QUERY_PER_CALLER', 'GONGKAI_MAX_RECORD_BYTES', 'GONGKAI_MAX_FIELD_BYTES', 'GONGKAI_TRUST_PROXY',
  'GONGKAI_TIERS_FILE', 'GONGKAI_HOLIDAYS_FILE', 'GONGKAI_MAX_GRANT_DAYS', 'GONGKAI_DATABASE_URL', 'GONGKAI_REDIS_URL',
  'GONGKAI_WEBHOOK_RETRY_SCHEDULE', 'GONGKAI_WEBHOOK_TIMEOUT_MS', 'GONGKAI_WEBHOOK_ALLOW_PRIVATE', 'LOG_LEVEL',
]

const LINE_WIDTH = 100

/** `environment: A, B, …` wrapped under its first name. */
function environmentLines(): string {
  const lines: string[] = []
  let line = 'environment:'
  for (const [i, name] of VARIABLES.entries()) {
    const word = `${name}${i < VARIABLES.length - 1 ? ',' : ''}`
    if (line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line)
      line = `${' '.repeat('environment:'.length)} ${word}`
    } else line = `${line} ${word}`
  }
  return [...lines, line].join('\n')
}

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
    environmentLines(),
  ].join('\n')
}
