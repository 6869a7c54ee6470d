/**
 * The server under test for `npm run bench -- query`: the real app over an ingested data dir, with
 * limits raised out of the way (the benchmark measures queries, not the rate limiter's 429s), plus
 * /bench/ceiling answering a fixed 100-row body through the same Fastify stack.
 * Usage: node --import tsx bench/query-server.ts <dataDir> <port> <ceilingBodyFile>
 *          [--database-url URL] [--redis-url URL] [--workers N]
 * --database-url serves the PostgreSQL store (bulk files under dataDir), --redis-url counts the limits in
 * Redis, --workers N makes this a node:cluster primary whose N workers each build the app and listen on the
 * one port. The parent gets 'listening' once the server (every worker) listens.
 */
import cluster from 'node:cluster'
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { uniformTiers } from '../src/config/tiers.ts'
import { buildApp } from '../src/server/app.ts'
import { openStore } from '../src/store/open.ts'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'database-url': { type: 'string' }, 'redis-url': { type: 'string' }, workers: { type: 'string' } },
})
const [dataDir, port, ceilingFile] = positionals
if (!dataDir || !port || !ceilingFile) throw new Error('usage: query-server.ts <dataDir> <port> <ceilingBodyFile> [--database-url URL] [--redis-url URL] [--workers N]')
const workers = values.workers === undefined ? 0 : Number(values.workers)

if (workers > 0 && cluster.isPrimary) supervise(workers)
else await serve()

function supervise(count: number): void {
  let listening = 0
  cluster.on('listening', () => {
    if (++listening === count) process.send?.('listening')
  })
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    console.error(`bench worker ${worker.process.pid} ${signal ? `was killed by ${signal}` : `exited with ${code}`}`)
    process.exit(1)
  })
  let stopping = false
  process.once('SIGTERM', () => {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
  })
  for (let i = 0; i < count; i++) cluster.fork()
}

async function serve(): Promise<void> {
  const unlimited = uniformTiers(100_000_000)
  const databaseUrl = values['database-url']
  // one caller (this machine) asks everything here: the per-caller cap would turn the uncached run into 429s
  const store = openStore({ dataDir: dataDir as string, keepVersions: 3, queryWorkers: 2, queryBudgetMs: 2000, queryQueue: 32, queryPerCaller: 1000, ...(databaseUrl ? { databaseUrl } : {}) })
  await store.warmUp()
  const redisUrl = values['redis-url']
  // a namespace of its own: the counters must not meet a test's or a deployment's on a shared Redis
  const app = await buildApp({ store, tiers: unlimited, ...(redisUrl ? { rateLimitRedis: { url: redisUrl, namespace: `gongkai-bench:rate-limit:${process.ppid}:` } } : {}) })
  let ceiling: string | undefined
  // read on first use: the bench writes it after the server is up, from Q1's own response
  app.get('/bench/ceiling', { schema: { hide: true } }, async (_request, reply) => {
    ceiling ??= fs.readFileSync(ceilingFile as string, 'utf8')
    return reply.type('application/json; charset=utf-8').send(ceiling)
  })
  await app.listen({ host: '127.0.0.1', port: Number(port) })
  if (!cluster.isWorker) process.send?.('listening')
  const close = () => {
    void app.close().then(() => store.close()).then(() => process.exit(0))
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
}
