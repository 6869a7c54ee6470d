// The CLI from the TypeScript sources, for development: `npm run dev -- <command>` runs
// `node --import tsx bin/gongkai.ts <command>`, so an edit under src/ takes effect without a build.
// The installed command, bin/gongkai.js, runs the build in dist/ instead.
import { runCli } from '../src/cli/main.ts'

const code = await runCli(process.argv.slice(2))
if (code >= 0) process.exitCode = code
