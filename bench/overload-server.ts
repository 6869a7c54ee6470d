/**
 * The server under test for `npm run bench -- overload`: the real app with its real key store and the
 * query settings of the environment (GONGKAI_QUERY_*, defaults as in production), over an ingested
 * data dir. Tier limits are raised out of the way: the benchmark measures the query pool under a
 * flood, not the per-minute limiter's 429s. Issues two partner keys and sends their tokens to the
 * parent once it listens.
 * Usage: node --import tsx bench/overload-server.ts <dataDir> <port>
 */
import { issueKey } from '../src/access/issue-key.ts'
import { loadConfig } from '../src/config/env.ts'
import { uniformTiers } from '../src/config/tiers.ts'
import { buildApp } from '../src/server/app.ts'
import { openAccessStore, openStore } from '../src/store/open.ts'

const [dataDir, port] = process.argv.slice(2)
if (!dataDir || !port) throw new Error('usage: overload-server.ts <dataDir> <port>')
const config = { ...loadConfig(process.env), dataDir }
const store = openStore(config)
const access = openAccessStore(config)
await store.warmUp()
const app = await buildApp({ store, access, tiers: uniformTiers(100_000_000) })
const flood = await issueKey(access, { name: 'bench overload: flood', tier: 'partner' })
const lookups = await issueKey(access, { name: 'bench overload: lookups', tier: 'partner' })
await app.listen({ host: '127.0.0.1', port: Number(port) })
process.send?.({
  flood: flood.token,
  lookups: lookups.token,
  settings: { workers: config.queryWorkers, budgetMs: config.queryBudgetMs, queueLength: config.queryQueue, perCaller: config.queryPerCaller },
})
process.once('SIGINT', () => {
  void app.close().then(() => store.close()).then(() => access.close()).then(() => process.exit(0))
})
