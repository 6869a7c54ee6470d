import { parseArgs } from 'node:util'
import { AccessError } from '../access/errors.ts'
import type { Output } from './output.ts'

export interface SubcommandArgs {
  action: string | undefined
  rest: string[]
  values: Partial<Record<string, string>>
}

/**
 * Runs one `gongkai <group> <action> …` command with string options. A refusal from the access
 * rules (AccessError) is its message and exit 1; arguments not understood, or an action that returns
 * undefined, are the usage and exit 2.
 */
export async function runSubcommand(
  args: readonly string[], optionNames: readonly string[], usage: string, out: Output,
  act: (command: SubcommandArgs) => Promise<number | undefined>,
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: Object.fromEntries(optionNames.map((name) => [name, { type: 'string' as const }])) })
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${usage}`)
    return 2
  }
  const [action, ...rest] = parsed.positionals
  try {
    const code = await act({ action, rest, values: parsed.values as Partial<Record<string, string>> })
    if (code !== undefined) return code
  } catch (error) {
    if (!(error instanceof AccessError)) throw error
    out.error(error.message)
    return 1
  }
  out.error(usage)
  return 2
}
