import fs from 'node:fs'
import path from 'node:path'
import type { Static, TSchema } from '@sinclair/typebox'
import { parseDocument } from 'yaml'
import { schemaProblems } from '../support/schema-errors.ts'

/**
 * How every setting is read: environment variables (env.ts) and the files they name (tiers.ts,
 * holidays.ts) are checked against TypeBox schemas once, at start, and anything wrong stops the
 * start with a ConfigError naming the variable or file, the place in it and what was expected.
 * A typo in a deployment fails loudly instead of silently falling back to a default.
 */
export class ConfigError extends Error {}

/**
 * The text of the settings file named by `variable` (relative to `cwd`), else of `fallback` when
 * that file exists; undefined when neither names a file. A file named explicitly must be readable.
 */
export function readSettingsFile(env: NodeJS.ProcessEnv, variable: string, cwd: string, fallback?: string): { file: string; text: string } | undefined {
  const named = env[variable]
  const file = named ? path.resolve(cwd, named) : fallback
  if (file === undefined) return undefined
  try {
    return { file, text: fs.readFileSync(file, 'utf8') }
  } catch (error) {
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ConfigError(`${variable}: cannot read ${file}: ${(error as Error).message}`)
  }
}

/** A settings file's YAML, to be checked with checkSettings; an empty file is an empty mapping. */
export function parseSettingsYaml(file: string, text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true })
  const first = doc.errors[0]
  if (first) throw new ConfigError(`${file}: YAML syntax error: ${first.message.split('\n')[0]}`)
  return doc.toJS() ?? {}
}

/** `value` as `schema` says, or a ConfigError listing every problem: `file: path: what was expected`. */
export function checkSettings<S extends TSchema>(file: string, value: unknown, schema: S): Static<S> {
  const problems = schemaProblems(schema, value).map((p) => `${p.path || '(top)'}: ${p.message}`)
  if (problems.length) throw new ConfigError(`${file}: ${problems.join('; ')}`)
  return value as Static<S>
}
