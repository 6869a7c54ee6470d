import { loadCatalog } from '../../catalog/load.ts'
import { formatProblem } from '../../catalog/problems.ts'
import { sourceProblems } from '../../catalog/source-file.ts'
import type { CliCommand } from '../command.ts'

/** `gongkai validate`: every problem of every catalog file and of the source files they name; exit 1 if there is any. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check every catalog file; exit 1 on any problem',
  async run(_input, { config, out }) {
    const catalog = await loadCatalog(config.catalogDir)
    const problems = [...catalog.problems, ...sourceProblems(catalog.entries, config.datasetsDir)]
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    for (const problem of problems) out.error(formatProblem(problem))
    const invalidFiles = new Set(problems.map((p) => p.file)).size
    const files = catalog.entries.length + new Set(catalog.problems.map((p) => p.file)).size
    if (problems.length) {
      out.error(`${problems.length} problem(s) in ${invalidFiles} file(s)`)
      return 1
    }
    out.log(`catalog OK: ${catalog.entries.length} dataset(s), ${catalog.themes.length} themes${files ? '' : ' (no files)'}`)
    return 0
  },
}
