import type { AppConfig } from '../../config/env.ts'
import { loadCatalog } from '../../catalog/load.ts'
import { formatProblem } from '../../catalog/problems.ts'
import type { Output } from '../output.ts'

/** `gongkai validate`: every problem of every catalog file; exit 1 if there is any. */
export async function validateCommand(config: AppConfig, out: Output): Promise<number> {
  const catalog = await loadCatalog(config.catalogDir)
  for (const problem of catalog.problems) out.error(formatProblem(problem))
  const files = catalog.entries.length + new Set(catalog.problems.map((p) => p.file)).size
  if (catalog.problems.length) {
    out.error(`${catalog.problems.length} problem(s) in ${new Set(catalog.problems.map((p) => p.file)).size} file(s)`)
    return 1
  }
  out.log(`catalog OK: ${catalog.entries.length} dataset(s), ${catalog.themes.length} themes${files ? '' : ' (no files)'}`)
  return 0
}
