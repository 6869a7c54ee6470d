import fs from 'node:fs'
import path from 'node:path'
import type { CatalogProblem } from './problems.ts'
import type { CatalogEntry } from './schema.ts'

/**
 * Where a file named by the catalog really is. The validator refuses absolute paths and `..`, but a
 * symbolic link inside the datasets (or catalog) directory can still lead anywhere: to the pseudonym
 * key, to /etc. So the path is resolved with realpath and must stay inside the real directory; the
 * error says so without the link's target or anything read from it.
 */
export class SourceFileError extends Error {
  constructor(readonly shown: string, readonly reason: string) {
    super(`${shown}: ${reason}`)
  }
}

export interface ResolvedFile {
  /** The real path (no symbolic links): what is read, so a link swapped later is not followed. */
  file: string
  /** The path as the catalog names it, relative to the working directory when inside it. */
  shown: string
}

export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative)
}

function reasonOf(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not found'
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)'
    case 'ELOOP':
      return 'is a loop of symbolic links'
    default:
      return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`
  }
}

/**
 * The real path of `relativePath` under `root`, which must be a readable regular file inside the real
 * `root`. `what` names the file in messages ("source file", "catalog file").
 */
export function resolveInside(root: string, relativePath: string, what: string): ResolvedFile {
  const requested = path.resolve(root, relativePath)
  const shown = displayPath(requested)
  let realRoot: string
  try {
    realRoot = fs.realpathSync(root)
  } catch (error) {
    throw new SourceFileError(displayPath(root), `directory ${reasonOf(error)}`)
  }
  let file: string
  try {
    file = fs.realpathSync(requested)
  } catch (error) {
    throw new SourceFileError(shown, `${what} ${reasonOf(error)}`)
  }
  if (!isInside(realRoot, file)) {
    throw new SourceFileError(shown, `${what} leads outside ${displayPath(root)} through a symbolic link; refused`)
  }
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
    // a FIFO or a device would block the ingest or never end
    if (!stat.isFile()) throw new SourceFileError(shown, `${what} is not a regular file`)
    fs.accessSync(file, fs.constants.R_OK)
  } catch (error) {
    if (error instanceof SourceFileError) throw error
    throw new SourceFileError(shown, `${what} ${reasonOf(error)}`)
  }
  return { file, shown }
}

/** A catalog entry's source file under the datasets directory. */
export function resolveSource(datasetsDir: string, sourcePath: string): ResolvedFile {
  return resolveInside(datasetsDir, sourcePath, 'source file')
}

/**
 * `gongkai validate`'s check of every source a (non-closed) entry names: present, readable, a regular
 * file inside the datasets directory. Ingest checks the same again when it runs.
 */
export function sourceProblems(entries: ReadonlyArray<{ file: string; entry: CatalogEntry }>, datasetsDir: string): CatalogProblem[] {
  return entries.flatMap(({ file, entry }) => {
    if (!entry.source || entry.open === 'closed') return []
    try {
      resolveSource(datasetsDir, entry.source.path)
      return []
    } catch (error) {
      if (!(error instanceof SourceFileError)) throw error
      return [{ file, path: 'source.path', message: error.message }]
    }
  })
}
