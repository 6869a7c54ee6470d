import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

/** A delivery as a receiver saw it. */
export interface Received {
  headers: http.IncomingHttpHeaders
  body: string
}

/** What the receiver does with the next request: answer with a status, or hold it without answering. */
export type Reply = number | 'hang'

/**
 * A real HTTP receiver on a local port (allowed by GONGKAI_WEBHOOK_ALLOW_PRIVATE=true in tests): it answers
 * the statuses it is told, in order (then `fallback`), and keeps every request it got.
 */
export interface Receiver {
  url: string
  received: Received[]
  /** Statuses (or 'hang') for the next requests, in order. */
  replies: Reply[]
  fallback: Reply
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<Received[]>
}

export async function startReceiver(t: Test, fallback: Reply = 204): Promise<Receiver> {
  const held = new Set<http.ServerResponse>()
  const waiters: Array<() => void> = []
  const receiver: Receiver = {
    url: '',
    received: [],
    replies: [],
    fallback,
    waitFor: (count) => new Promise((resolve) => {
      const check = (): void => {
        if (receiver.received.length >= count) resolve(receiver.received)
        else waiters.push(check)
      }
      check()
    }),
  }
  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      receiver.received.push({ headers: request.headers, body })
      const reply = receiver.replies.shift() ?? receiver.fallback
      if (reply === 'hang') held.add(response)
      else response.writeHead(reply).end()
      for (const waiter of waiters.splice(0)) waiter()
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  t.teardown(() => new Promise<void>((done) => {
    for (const response of held) response.destroy()
    server.closeAllConnections()
    server.close(() => done())
  }))
  return receiver
}
