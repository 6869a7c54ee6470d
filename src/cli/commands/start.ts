import cluster from 'node:cluster'
import { loadCatalog, type LoadedCatalog } from '../../catalog/load.ts'
import type { AppConfig } from '../../config/env.ts'
import { buildApp, loggerOptions } from '../../server/app.ts'
import { connectRateLimitRedis } from '../../server/rate-limit-redis.ts'
import { openAccessStore, openStore, openSubscriptionStore } from '../../store/open.ts'
import type { AccessStore } from '../../store/access-types.ts'
import type { DatasetStore } from '../../store/types.ts'
import { UsageError, type CliCommand } from '../command.ts'
import type { Output } from '../output.ts'
import { checkListenable, listenProblem } from '../port.ts'
import { superviseWorkers } from '../workers.ts'
import { ingestChanged } from './ingest.ts'

const MAX_WORKERS = 64

/**
 * `gongkai start` (npm start): ingest what changed, then serve. A failed ingest is reported and the
 * previous version of that dataset keeps being served; it does not stop the server.
 * Resolves to -1: the server keeps running until SIGINT or SIGTERM; to 1 when it cannot listen on
 * HOST:PORT, which is checked before the ingest and said in one line.
 * With --workers N the process ingests, then becomes a node:cluster primary whose N workers each
 * run this command again as workers: they skip the ingest and listen on the port the cluster shares.
 */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'ingest what changed, then serve the API (HOST, PORT)',
  options: {
    workers: { value: 'N', help: `serve from N processes sharing HOST:PORT (node:cluster), 1 to ${MAX_WORKERS}; a worker that dies is replaced (default: 1, no cluster)` },
  },
  async run({ values }, { config, out }) {
    const workers = parseWorkers(values.workers)
    if (cluster.isWorker) return serve(config, out, ...(await openStores(config)), 'worker')
    const unlistenable = await checkListenable(config.host, config.port)
    if (unlistenable) {
      out.error(unlistenable)
      return 1
    }
    const [store, access] = await openStores(config)
    const catalog = await loadCatalog(config.catalogDir)
    const failures = await ingestChanged(config, store, out, { catalog })
    if (failures) out.error(`${failures} catalog or ingest problem(s); serving what is published`)
    if (workers === 1) return serve(config, out, store, access, 'alone', catalog.themes)
    await store.close()
    await access.close()
    if (!config.redisUrl) out.error(`--workers ${workers} without GONGKAI_REDIS_URL: each worker counts rate limits on its own, so a caller may get up to ${workers} times its tier's limit`)
    superviseWorkers(workers, out)
    return -1
  },
}

function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return 1
  const workers = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN
  if (!(workers >= 1 && workers <= MAX_WORKERS)) throw new UsageError(`--workers must be a whole number from 1 to ${MAX_WORKERS}`)
  return workers
}

/** The stores, once they and Redis answer: a deployment's PostgreSQL or Redis that does not is said at once, not after minutes of ingest. */
async function openStores(config: AppConfig): Promise<[DatasetStore, AccessStore]> {
  const store = openStore(config)
  const access = openAccessStore(config)
  try {
    await store.ping()
    if (config.redisUrl) (await connectRateLimitRedis(config.redisUrl)).disconnect()
  } catch (error) {
    await store.close()
    await access.close()
    throw error
  }
  return [store, access]
}

/**
 * Builds the app and listens until SIGINT or SIGTERM. A cluster worker leaves SIGINT to its primary
 * (a terminal's Ctrl-C reaches both), which stops it with SIGTERM: one signal, one clean close.
 */
async function serve(config: AppConfig, out: Output, store: DatasetStore, access: AccessStore, role: 'alone' | 'worker', loadedThemes?: LoadedCatalog['themes']): Promise<number> {
  // the query workers boot on the other cores while this thread builds the app: awaited before listening
  const warming = store.warmUp()
  warming.catch(() => undefined)
  const themes = loadedThemes ?? (await loadCatalog(config.catalogDir)).themes
  const rateLimitRedis = config.redisUrl ? { rateLimitRedis: { url: config.redisUrl } } : {}
  const subscriptions = openSubscriptionStore(config)
  const closeStores = async (): Promise<void> => {
    await subscriptions.close()
    await store.close()
    await access.close()
  }
  // Redis may have gone since it was checked; the stores' worker threads must not keep the process alive after that
  const app = await buildApp({
    store, access, tiers: config.tiers, calendar: config.calendar, ...rateLimitRedis, trustProxy: config.trustProxy, maxGrantDays: config.maxGrantDays,
    webhooks: { subscriptions, settings: config.webhooks }, portal: { themes }, logger: loggerOptions(config.logLevel, process.stdout.isTTY === true),
  })
    .catch(async (error: unknown) => {
      await closeStores()
      throw error
    })
  const close = async (): Promise<void> => {
    await app.close()
    await closeStores()
  }
  await warming.catch(async (error: unknown) => {
    await close()
    throw error
  })
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    // taken by another process during the ingest
    const problem = listenProblem(error, config.host, config.port)
    if (problem === undefined) throw error
    out.error(problem)
    await close()
    return 1
  }
  const shutdown = async (): Promise<void> => {
    await close()
    process.exit(0)
  }
  if (role === 'worker') process.on('SIGINT', () => undefined)
  else process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  return -1
}
