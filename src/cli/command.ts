import type { AppConfig } from '../config/env.ts'
import type { Output } from './output.ts'

/** An option of a command: with `value` it takes one (`--tier TIER`), without it is a flag (`--dry-run`). */
export interface CliOption {
  /** Placeholder shown in the usage line; absent for a flag. */
  value?: string
  required?: true
  help: string
}

/**
 * One `gongkai …` command. main.ts parses its arguments strictly from this description (an unknown
 * or repeated option, a missing required one or the wrong number of operands is a usage error, exit 2)
 * and builds the usage texts from it, so a command is registered by adding it to main.ts's table.
 */
export interface CliCommand {
  /** The words after `gongkai`: `ingest`, `keys create`. */
  readonly name: string
  /** One line: what it does, for `gongkai help`. */
  readonly summary: string
  /** Operands after the name, as shown in the usage (`ID`, `[id…]`) and how many are accepted. */
  readonly operands?: { readonly label: string; readonly min: number; readonly max: number }
  readonly options?: Readonly<Record<string, CliOption>>
  run(input: CommandInput, context: CliContext): Promise<number>
}

export interface CommandInput {
  operands: string[]
  /** Values of the options that take one. */
  values: Partial<Record<string, string>>
  /** Flags that were given. */
  flags: ReadonlySet<string>
}

export interface CliContext {
  config: AppConfig
  env: NodeJS.ProcessEnv
  out: Output
}

/** Arguments a command cannot use: main.ts prints the message with the command's usage and exits 2. */
export class UsageError extends Error {}
