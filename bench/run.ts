/** `npm run bench -- <name> [args]`: runs one benchmark (or all, without a name). */
import { benchChanges } from './changes.ts'
import { benchDownload } from './download.ts'
import { benchIngest } from './ingest.ts'
import { benchOverload } from './overload.ts'
import { benchPortal } from './portal.ts'
import { benchQuery } from './query.ts'
import { benchStartup } from './startup.ts'

const BENCHMARKS: Record<string, (args: string[]) => Promise<void>> = { ingest: benchIngest, query: benchQuery, download: benchDownload, overload: benchOverload, portal: benchPortal, startup: benchStartup, changes: benchChanges }

const [name, ...args] = process.argv.slice(2)
const selected = name ? { [name]: BENCHMARKS[name] } : BENCHMARKS
for (const [benchName, run] of Object.entries(selected)) {
  if (!run) {
    console.error(`unknown benchmark "${benchName}"; one of: ${Object.keys(BENCHMARKS).join(', ')}`)
    process.exit(2)
  }
  console.log(`== ${benchName}`)
  await run(args)
}
