/**
 * The servers of `npm run bench -- download`, in a process of their own so the client measuring
 * them does not share their event loop: Gongkai (the real app over the bench data dir) and a bare
 * Node http server streaming the same file with fs.createReadStream, both on 127.0.0.1.
 * Prints `{ "ours": port, "bare": port }` and serves until killed.
 * Usage: node --import tsx bench/download-server.ts <dataDir> <id> <version>
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { FORMAT_INFO, type BulkFormat } from '../src/materialise/formats.ts'
import { buildApp } from '../src/server/app.ts'
import { SqliteDatasetStore } from '../src/store/sqlite/store.ts'

const [dataDir, id, version] = process.argv.slice(2)
if (!dataDir || !id || !version) throw new Error('usage: download-server.ts <dataDir> <id> <version>')
const store = new SqliteDatasetStore(dataDir)
const app = await buildApp({ store })
await app.listen({ host: '127.0.0.1', port: 0 })

// the SQLite store's layout, read directly: the bare server is the baseline that knows nothing else
const versionDir = path.join(dataDir, 'versions', id, version)
const bare = http.createServer((request, response) => {
  const format = (request.url ?? '').slice(1) as BulkFormat
  const info = FORMAT_INFO[format]
  if (!info) {
    response.writeHead(404).end()
    return
  }
  const file = path.join(versionDir, info.file)
  response.writeHead(200, { 'content-type': info.contentType, 'content-length': fs.statSync(file).size })
  fs.createReadStream(file).pipe(response)
})
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))

const port = (server: { address(): AddressInfo | string | null }): number => (server.address() as AddressInfo).port
process.stdout.write(`${JSON.stringify({ ours: port(app.server), bare: port(bare) })}\n`)
