import { loadCatalog } from '../../catalog/load.ts'
import { buildApp, loggerOptions } from '../../server/app.ts'
import { connectRateLimitRedis } from '../../server/rate-limit-redis.ts'
import { openAccessStore, openStore } from '../../store/open.ts'
import type { DatasetStore } from '../../store/types.ts'
import type { CliCommand } from '../command.ts'
import { checkListenable, listenProblem } from '../port.ts'
import { ingestChanged } from './ingest.ts'

/**
 * `gongkai start` (npm start): ingest what changed, then serve. A failed ingest is reported and the
 * previous version of that dataset keeps being served; it does not stop the server.
 * Resolves to -1: the server keeps running until SIGINT or SIGTERM; to 1 when it cannot listen on
 * HOST:PORT, which is checked before the ingest and said in one line.
 */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'ingest what changed, then serve the API (HOST, PORT)',
  async run(_input, { config, out }) {
    const unlistenable = await checkListenable(config.host, config.port)
    if (unlistenable) {
      out.error(unlistenable)
      return 1
    }
    const store = openStore(config)
    const access = openAccessStore(config)
    // a deployment's PostgreSQL or Redis that does not answer is said at once, not after minutes of ingest
    await usableServices(config.redisUrl, store).catch(async (error: unknown) => {
      await store.close()
      await access.close()
      throw error
    })
    const failures = await ingestChanged(config, store, out)
    if (failures) out.error(`${failures} catalog or ingest problem(s); serving what is published`)
    await store.warmUp()
    const { themes } = await loadCatalog(config.catalogDir)
    const rateLimitRedis = config.redisUrl ? { rateLimitRedis: { url: config.redisUrl } } : {}
    // Redis may have gone since it was checked; the stores' worker threads must not keep the process alive after that
    const app = await buildApp({ store, access, tiers: config.tiers, calendar: config.calendar, ...rateLimitRedis, trustProxy: config.trustProxy, maxGrantDays: config.maxGrantDays, portal: { themes }, logger: loggerOptions(config.logLevel, process.stdout.isTTY === true) })
      .catch(async (error: unknown) => {
        await store.close()
        await access.close()
        throw error
      })
    const close = async (): Promise<void> => {
      await app.close()
      await store.close()
      await access.close()
    }
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
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
    return -1
  },
}

/** Throws the configuration error of a store or Redis that cannot be used (unreachable, refused). */
async function usableServices(redisUrl: string | undefined, store: DatasetStore): Promise<void> {
  await store.ping()
  if (redisUrl) (await connectRateLimitRedis(redisUrl)).disconnect()
}
