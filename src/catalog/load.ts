import fs from 'node:fs/promises'
import path from 'node:path'
import { ThemesFileSchema, type CatalogEntry, type Theme } from './schema.ts'
import { parseYaml, validateCatalogEntry } from './validate.ts'
import type { CatalogProblem } from './problems.ts'
import { schemaProblems } from '../support/schema-errors.ts'
import { displayPath, resolveInside, SourceFileError } from './source-file.ts'

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file)
    return true
  } catch {
    return false
  }
}

export interface LoadedEntry {
  /** Path relative to the working directory, as shown to stewards. */
  file: string
  entry: CatalogEntry
  /** Raw YAML text, fingerprinted to notice catalog changes. */
  text: string
}

export interface LoadedCatalog {
  themes: Theme[]
  entries: LoadedEntry[]
  /** Every problem of every file; an entry with problems is absent from `entries`. */
  problems: CatalogProblem[]
}

export const THEMES_FILE = '_themes.yaml'

/** A catalog entry is metadata: a file this large is a mistake, or an attempt to exhaust memory. */
export const MAX_CATALOG_FILE_BYTES = 1024 * 1024

export class CatalogFileError extends Error {}

/** A catalog file's text: inside the catalog directory (links too), bounded, strictly UTF-8. */
async function readCatalogFile(catalogDir: string, name: string): Promise<string> {
  let file: string
  try {
    file = resolveInside(catalogDir, name, 'catalog file').file
  } catch (error) {
    if (error instanceof SourceFileError) throw new CatalogFileError(error.reason)
    throw error
  }
  const { size } = await fs.stat(file)
  if (size > MAX_CATALOG_FILE_BYTES) throw new CatalogFileError(`${size} bytes; a catalog file may have at most ${MAX_CATALOG_FILE_BYTES} bytes`)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(file))
  } catch {
    throw new CatalogFileError('not valid UTF-8; catalog files are UTF-8')
  }
}

/** Reads one file, turning every failure (unreadable, too large, a bug) into a problem of that file. */
async function readOrProblem(catalogDir: string, name: string, shown: string): Promise<{ text?: string; problem?: CatalogProblem }> {
  try {
    return { text: await readCatalogFile(catalogDir, name) }
  } catch (error) {
    const message = error instanceof CatalogFileError ? error.message : `cannot be read: ${(error as Error).message}`
    return { problem: { file: shown, path: '', message } }
  }
}

async function loadThemes(catalogDir: string): Promise<{ themes: Theme[]; problems: CatalogProblem[] }> {
  const shown = displayPath(path.join(catalogDir, THEMES_FILE))
  if (!(await exists(path.join(catalogDir, THEMES_FILE)))) {
    return { themes: [], problems: [{ file: shown, path: '', message: 'missing: the theme taxonomy is required' }] }
  }
  const { text, problem } = await readOrProblem(catalogDir, THEMES_FILE, shown)
  if (text === undefined) return { themes: [], problems: [problem as CatalogProblem] }
  const parsed = parseYaml(shown, text)
  if (parsed.problems.length > 0) return { themes: [], problems: parsed.problems }
  const problems = schemaProblems(ThemesFileSchema, parsed.value).map((problem) => ({ file: shown, ...problem }))
  return { themes: problems.length ? [] : (parsed.value as Theme[]), problems }
}

/** Reads and validates every catalog file; never throws for a bad file, it reports it. */
export async function loadCatalog(catalogDir: string): Promise<LoadedCatalog> {
  const { themes, problems } = await loadThemes(catalogDir)
  let names: string[]
  try {
    names = (await fs.readdir(catalogDir)).filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('_')).sort()
  } catch {
    return { themes, entries: [], problems: [{ file: displayPath(catalogDir), path: '', message: 'catalog directory not found' }] }
  }
  const themeNames = new Set(themes.map((t) => t.name))
  const entries: LoadedEntry[] = []
  for (const name of names) {
    const file = displayPath(path.join(catalogDir, name))
    const { text, problem } = await readOrProblem(catalogDir, name, file)
    if (text === undefined) {
      problems.push(problem as CatalogProblem)
      continue
    }
    try {
      const result = validateCatalogEntry(file, text, themeNames)
      problems.push(...result.problems)
      if (result.entry) entries.push({ file, entry: result.entry, text })
    } catch (error) {
      // one file the validator cannot handle must not stop validate, ingest or start for the others
      problems.push({ file, path: '', message: `could not be validated: ${(error as Error).message}` })
    }
  }
  return { themes, entries, problems }
}
