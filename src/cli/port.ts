import net from 'node:net'

/**
 * Why the server could not listen on HOST:PORT, as one line that names the setting to change, or
 * undefined for errors that are not about the address (those are bugs and keep their stack).
 */
export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use on ${host} (set PORT to another port)`
    case 'EACCES':
      return `port ${port} needs privileges this process does not have (set PORT to 1024 or above, behind a reverse proxy)`
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine (set HOST to one that is, such as 127.0.0.1)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${host} does not resolve to an address (set HOST to an address of this machine)`
    default:
      return undefined
  }
}

/**
 * Binds HOST:PORT and releases it at once: `start` does this before a long ingest, so that a port
 * taken by another process is said in a second, not after the ingest. Port 0 (any free port) always works.
 */
export async function checkListenable(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return undefined
  const probe = net.createServer()
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject)
      probe.listen({ host, port, exclusive: true }, resolve)
    })
  } catch (error) {
    const problem = listenProblem(error, host, port)
    if (problem === undefined) throw error
    return problem
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return undefined
}
