/** One thing wrong with one catalog file, located precisely enough for a steward to fix it. */
export interface CatalogProblem {
  file: string
  /** Dotted path inside the entry (`fields[3].rule`), or `line 4, column 7` for YAML syntax errors. */
  path: string
  message: string
}

export function formatProblem(problem: CatalogProblem): string {
  return problem.path ? `${problem.file}: ${problem.path}: ${problem.message}` : `${problem.file}: ${problem.message}`
}

/** `/fields/3/rule` → `fields[3].rule` */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '')
}
