/**
 * The PostgreSQL database `npm run bench -- query --store postgres` ingests into: `gongkai_bench_<pid>`,
 * created on postgres://postgres@127.0.0.1:5432 and dropped by `drop()` with any connection left to it;
 * or the one GONGKAI_BENCH_PG_URL names, used as it is and left in place.
 */
import pg from 'pg'
import { isProcessAlive } from '../src/store/sqlite/process-alive.ts'

const SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface BenchDatabase { url: string; drop: () => Promise<void> }

async function onServer<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

export async function benchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  if (env.GONGKAI_BENCH_PG_URL) return { url: env.GONGKAI_BENCH_PG_URL, drop: async () => undefined }
  const name = `gongkai_bench_${process.pid}`
  await onServer(async (client) => {
    // a benchmark that was killed never dropped its database
    const found = await client.query<{ name: string }>("SELECT datname AS name FROM pg_database WHERE datname LIKE 'gongkai\\_bench\\_%'")
    for (const { name: old } of found.rows) {
      const pid = Number(old.split('_')[2])
      if (Number.isInteger(pid) && (pid === process.pid || !isProcessAlive(pid))) await client.query(`DROP DATABASE IF EXISTS ${old} WITH (FORCE)`)
    }
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`)
  })
  const url = new URL(SERVER_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => onServer(async (client) => { await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }) }
}
