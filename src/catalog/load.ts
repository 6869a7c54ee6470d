import fs from 'node:fs/promises'
import path from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { ThemesFileSchema, type CatalogEntry, type Theme } from './schema.ts'
import { parseYaml, validateCatalogEntry } from './validate.ts'
import { pointerToPath, type CatalogProblem } from './problems.ts'

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

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') ? file : relative
}

async function loadThemes(catalogDir: string): Promise<{ themes: Theme[]; problems: CatalogProblem[] }> {
  const file = path.join(catalogDir, THEMES_FILE)
  const shown = displayPath(file)
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch {
    return { themes: [], problems: [{ file: shown, path: '', message: 'missing: the theme taxonomy is required' }] }
  }
  const parsed = parseYaml(shown, text)
  if (parsed.problems.length > 0) return { themes: [], problems: parsed.problems }
  const problems = [...Value.Errors(ThemesFileSchema, parsed.value)].map((e) => ({ file: shown, path: pointerToPath(e.path), message: e.message }))
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
    const text = await fs.readFile(path.join(catalogDir, name), 'utf8')
    const result = validateCatalogEntry(file, text, themeNames)
    problems.push(...result.problems)
    if (result.entry) entries.push({ file, entry: result.entry, text })
  }
  return { themes, entries, problems }
}
