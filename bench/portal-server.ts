/**
 * The servers under test for `npm run bench -- portal`, in a process of their own so that the load
 * generator does not share their event loop: the real app with the portal over an ingested data dir,
 * and the ceiling: a bare Fastify (no plugins, no hooks, no logger) answering each measured URL with
 * the portal's own HTML for it, rendered once and kept as a string.
 * Usage: node --import tsx bench/portal-server.ts <dataDir> <assetsDir> <url>… ; sends { portal, ceiling } ports.
 */
import Fastify from 'fastify'
import { openSamplePlatform } from './portal-platform.ts'

const [dataDir, assetsDir, ...urls] = process.argv.slice(2)
if (!dataDir || !assetsDir || urls.length === 0) throw new Error('usage: portal-server.ts <dataDir> <assetsDir> <url>…')

const platform = await openSamplePlatform(dataDir, false, assetsDir)
const cached = new Map<string, string>()
for (const url of urls) {
  const res = await platform.app.inject({ url })
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`)
  cached.set(url, res.body)
}
await platform.app.listen({ host: '127.0.0.1', port: 0 })

const ceiling = Fastify({ logger: false })
ceiling.get('*', (request, reply) => {
  const html = cached.get(request.url)
  if (html === undefined) return reply.code(404).send()
  return reply.type('text/html; charset=utf-8').send(html)
})
await ceiling.listen({ host: '127.0.0.1', port: 0 })

const port = (app: { server: { address(): unknown } }): number => (app.server.address() as { port: number }).port
process.send?.({ portal: port(platform.app), ceiling: port(ceiling) })
process.once('SIGTERM', () => {
  void Promise.all([platform.close(), ceiling.close()]).then(() => process.exit(0))
})
