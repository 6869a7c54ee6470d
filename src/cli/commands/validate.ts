import { loadCatalog } from '../../catalog/load.ts'
import { formatProblem } from '../../catalog/problems.ts'
import type { CliCommand } from '../command.ts'

/** `gongkai validate`: every problem of every catalog file; exit 1 if there is any. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check every catalog file; exit 1 on any problem',
  async run(_input, { config, out }) {
    const catalog = await loadCatalog(config.catalogDir)
    for (const problem of catalog.problems) out.error(formatProblem(problem))
    const files = catalog.entries.length + new Set(catalog.problems.map((p) => p.file)).size
    if (catalog.problems.length) {
      out.error(`${catalog.problems.length} problem(s) in ${new Set(catalog.problems.map((p) => p.file)).size} file(s)`)
      return 1
    }
    out.log(`catalog OK: ${catalog.entries.length} dataset(s), ${catalog.themes.length} themes${files ? '' : ' (no files)'}`)
    return 0
  },
}
