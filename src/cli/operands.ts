import { UsageError } from './command.ts'

/**
 * Operands and option values that name a dataset or a version, checked before anything runs. A mistyped
 * argument may be anything pasted (a key): what was given is not repeated.
 */
const DATASET_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const VERSION = /^[1-9]\d{0,8}$/

export function datasetIdOperand(id: string): string {
  if (!DATASET_ID.test(id) || id.length > 64) throw new UsageError('ID must be a dataset id: lower-case letters, digits and single dashes (what was given is not repeated here)')
  return id
}

/** The value of `--<option> N`, a version number, or undefined when the option was not given. */
export function versionOption(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!VERSION.test(value)) throw new UsageError(`--${option} must be a version number: a positive integer`)
  return Number(value)
}
