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
