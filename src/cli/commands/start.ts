import type { AppConfig } from '../../config/env.ts'
import { buildApp, loggerOptions, type AppOptions } from '../../server/app.ts'
import type { DatasetStore } from '../../store/types.ts'
import type { Output } from '../output.ts'
import { ingestChanged } from './ingest.ts'

/**
 * `gongkai start` (npm start): ingest what changed, then serve. A failed ingest is reported and the
 * previous version of that dataset keeps being served; it does not stop the server.
 */
export async function startCommand(
  config: AppConfig,
  store: DatasetStore,
  out: Output,
  accessOptions: Required<Pick<AppOptions, 'access' | 'tiers' | 'calendar'>>,
): Promise<number> {
  const failures = await ingestChanged(config, store, out)
  if (failures) out.error(`${failures} catalog or ingest problem(s); serving what is published`)
  await store.warmUp()
  const app = await buildApp({ store, ...accessOptions, trustProxy: config.trustProxy, logger: loggerOptions(config.logLevel, process.stdout.isTTY === true) })
  const shutdown = async (): Promise<void> => {
    await app.close()
    await store.close()
    await accessOptions.access.close()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  await app.listen({ host: config.host, port: config.port })
  return -1
}
