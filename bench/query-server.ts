/**
 * The server under test for `npm run bench -- query`: the real app over an ingested data dir, with
 * limits raised out of the way (the benchmark measures queries, not the rate limiter's 429s), plus
 * /bench/ceiling answering a fixed 100-row body through the same Fastify stack.
 * Usage: node --import tsx bench/query-server.ts <dataDir> <port> <ceilingBodyFile>
 */
import fs from 'node:fs'
import { uniformTiers } from '../src/config/tiers.ts'
import { buildApp } from '../src/server/app.ts'
import { openStore } from '../src/store/open.ts'

const [dataDir, port, ceilingFile] = process.argv.slice(2)
if (!dataDir || !port || !ceilingFile) throw new Error('usage: query-server.ts <dataDir> <port> <ceilingBodyFile>')
const unlimited = uniformTiers(100_000_000)
// one caller (this machine) asks everything here: the per-caller cap would turn the uncached run into 429s
const store = openStore({ dataDir, keepVersions: 3, queryWorkers: 2, queryBudgetMs: 2000, queryQueue: 32, queryPerCaller: 1000 })
await store.warmUp()
const app = await buildApp({ store, tiers: unlimited })
let ceiling: string | undefined
// read on first use: the bench writes it after the server is up, from Q1's own response
app.get('/bench/ceiling', { schema: { hide: true } }, async (_request, reply) => {
  ceiling ??= fs.readFileSync(ceilingFile, 'utf8')
  return reply.type('application/json; charset=utf-8').send(ceiling)
})
await app.listen({ host: '127.0.0.1', port: Number(port) })
process.send?.('listening')
process.once('SIGINT', () => {
  void app.close().then(() => store.close()).then(() => process.exit(0))
})
