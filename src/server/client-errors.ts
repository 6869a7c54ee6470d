import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { sendProblem } from './plugins/problems.ts'
import { problemBody } from './problem.ts'

/**
 * Requests Node's HTTP parser refuses before any route sees them: raw non-ASCII bytes in the URL
 * (what `curl 'http://…/api/v1/datasets?q=空气'` sends), oversized headers, a request that never
 * finished arriving. Answered like every other error, as an RFC 9457 problem that says what to do,
 * written straight to the socket (there is no request object). The log line names the parser's
 * reason and the client, never the bytes received: the URL may hold a key or a personal identifier
 * typed into a filter, the headers a key.
 */
export interface ParserError extends Error {
  code?: string
  /** llhttp's reason, a fixed text such as "Invalid char in url query": never the bytes themselves. */
  reason?: string
}

const PERCENT_ENCODE = 'the request URL must be percent-encoded (RFC 3986): send Chinese and other non-ASCII characters, spaces and quotes as UTF-8 %XX escapes; with curl, pass parameters as curl -G --data-urlencode \'q=空气\' http://…/api/v1/datasets'

export function clientErrorProblem(error: ParserError): { status: number; detail: string } {
  switch (error.code) {
    case 'HPE_INVALID_URL':
      return { status: 400, detail: PERCENT_ENCODE }
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, detail: 'the request headers are too large (16 KiB in all at most): send the API key once, in Authorization or X-API-Key, and no large cookies' }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, detail: 'the request did not arrive in time; send it again' }
    default:
      return { status: 400, detail: 'the request is not valid HTTP/1.1 (malformed request line or header); if the URL holds non-ASCII characters, percent-encode them (RFC 3986)' }
  }
}

export function clientErrorResponse(status: number, detail: string): string {
  const body = JSON.stringify(problemBody(status, detail))
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`
}

/** Fastify's `clientErrorHandler`, which it calls bound to the server instance. */
export function handleClientError(this: FastifyInstance, error: ParserError, socket: Socket): void {
  // a reset connection has nobody left to answer
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, detail } = clientErrorProblem(error)
  this.log.info({ clientError: { status, code: error.code, reason: error.reason, remoteAddress: socket.remoteAddress } }, 'request refused by the HTTP parser')
  if (socket.writable) socket.end(clientErrorResponse(status, detail))
  else socket.destroy()
}

/**
 * Fastify's `frameworkErrors`: the router cannot decode the path (a `%` that starts no UTF-8 escape).
 * A problem like any other; the path is not echoed, the client has it.
 */
export function handleFrameworkError(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const detail = error.code === 'FST_ERR_BAD_URL'
    ? 'the URL path is not valid percent-encoding: every % must start a UTF-8 escape %XX (a literal % is %25)'
    : 'the request could not be routed'
  sendProblem(reply, problemBody(400, detail))
}
