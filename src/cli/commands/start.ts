import { loadHolidays } from '../../config/holidays.ts'
import { loadTiers } from '../../config/tiers.ts'
import { buildApp, loggerOptions } from '../../server/app.ts'
import { openAccessStore, openStore } from '../../store/open.ts'
import type { CliCommand } from '../command.ts'
import { ingestChanged } from './ingest.ts'

/**
 * `gongkai start` (npm start): ingest what changed, then serve. A failed ingest is reported and the
 * previous version of that dataset keeps being served; it does not stop the server.
 * Resolves to -1: the server keeps running until SIGINT or SIGTERM.
 */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'ingest what changed, then serve the API (HOST, PORT)',
  async run(_input, { config, env, out }) {
    const settings = { tiers: loadTiers(env), calendar: loadHolidays(env, config.catalogDir) }
    const store = openStore(config)
    const access = openAccessStore(config)
    const failures = await ingestChanged(config, store, out)
    if (failures) out.error(`${failures} catalog or ingest problem(s); serving what is published`)
    await store.warmUp()
    const app = await buildApp({ store, access, ...settings, trustProxy: config.trustProxy, logger: loggerOptions(config.logLevel, process.stdout.isTTY === true) })
    const shutdown = async (): Promise<void> => {
      await app.close()
      await store.close()
      await access.close()
      process.exit(0)
    }
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
    await app.listen({ host: config.host, port: config.port })
    return -1
  },
}
