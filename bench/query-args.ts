import { DEFAULT_ROWS, parseRows } from './generate-penalties.ts'

export const STORES = ['sqlite', 'postgres'] as const
export type BenchStore = (typeof STORES)[number]

export interface QueryArgs { rows: number; duration: number; store: BenchStore }

/**
 * `query [rows] [seconds] [--store sqlite|postgres]`: rows and seconds stay positional (in that order),
 * `--store X` or `--store=X` may come anywhere. sqlite (the default) is the benchmark as it always was;
 * postgres adds the same queries on the PostgreSQL store and the one- vs two-process scaling.
 */
export function parseQueryArgs(args: readonly string[]): QueryArgs {
  const positional: string[] = []
  let store: string = 'sqlite'
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--store') {
      const value = args[++i]
      if (value === undefined) throw new Error('--store needs a value: sqlite or postgres')
      store = value
    } else if (arg.startsWith('--store=')) store = arg.slice('--store='.length)
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}; usage: query [rows] [seconds] [--store sqlite|postgres]`)
    else positional.push(arg)
  }
  if (!(STORES as readonly string[]).includes(store)) throw new Error(`--store must be sqlite or postgres, got ${JSON.stringify(store)}`)
  if (positional.length > 2) throw new Error(`too many arguments ${JSON.stringify(positional.slice(2))}; usage: query [rows] [seconds] [--store sqlite|postgres]`)
  const [rowsArg, secondsArg] = positional
  const duration = Number(secondsArg ?? 10)
  if (!(Number.isFinite(duration) && duration > 0)) throw new Error(`seconds must be a positive number, got ${JSON.stringify(secondsArg)}`)
  return { rows: rowsArg ? parseRows(rowsArg) : DEFAULT_ROWS, duration, store: store as BenchStore }
}
