import { parseArgs } from 'node:util'
import { UsageError, type CliCommand, type CommandInput } from './command.ts'

/**
 * The arguments after a command's name, checked against its description: an unknown option, an
 * option given twice (which value was meant?), a missing required one, a missing option value and
 * the wrong number of operands are usage errors. `--help` anywhere asks for the usage instead.
 */
export function parseCommandArgs(command: CliCommand, args: readonly string[]): CommandInput | 'help' {
  const described = Object.entries(command.options ?? {})
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(described.map(([name, o]) => [name, { type: o.value ? 'string' as const : 'boolean' as const, multiple: true }])),
      },
    })
  } catch (error) {
    // node's own message goes on about '--' and positionals; the option and the command are what matter
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message)
    throw new UsageError(unknown ? `unknown option ${unknown[1]} for ${command.name}` : (error as Error).message)
  }
  if (parsed.values.help) return 'help'
  const values: Partial<Record<string, string>> = {}
  const flags = new Set<string>()
  for (const [name, option] of described) {
    const given = (parsed.values as Record<string, Array<string | boolean> | undefined>)[name]
    if (given === undefined) continue
    if (given.length > 1) throw new UsageError(`--${name} is given ${given.length} times; give it once`)
    if (option.value) values[name] = given[0] as string
    else flags.add(name)
  }
  const missing = described.filter(([name, o]) => o.required && values[name] === undefined).map(([name]) => `--${name}`)
  if (missing.length) throw new UsageError(`${command.name} needs ${missing.join(' and ')}`)
  // operands are never echoed: one may be a pasted API key
  const operands = parsed.positionals
  const { min, max } = command.operands ?? { min: 0, max: 0 }
  if (operands.length < min) throw new UsageError(`${command.name} needs ${command.operands?.label}`)
  if (operands.length > max) throw new UsageError(max === 0 ? `${command.name} takes no operands` : `${command.name} takes at most ${max} operand(s), got ${operands.length}`)
  return { operands, values, flags }
}
