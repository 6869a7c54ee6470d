import http from 'node:http'
import https from 'node:https'
import { pinnedLookup, type Target } from './target.ts'

/**
 * One attempt: an HTTP POST of the signed body to the checked address. A 2xx answer is a delivery; any
 * other status, a network error or no answer within the timeout is a failure to retry. Only the status is
 * read: a receiver's body is drained unread (it is nobody's business, and must not hold the attempt), and
 * redirects are not followed (a 3xx is a failure), since following one would send the delivery to a
 * target nobody checked.
 */
export interface AttemptResult {
  statusCode?: number
  /** Why there is no status: a network error, a timeout. */
  error?: string
  latencyMs: number
}

export const USER_AGENT = 'Gongkai-Webhooks/1'

/** Long enough to say what went wrong; an error message is not a place for a receiver to put text into our log. */
const MAX_ERROR = 200

export function postWebhook(target: Target, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<AttemptResult> {
  const started = performance.now()
  const client = target.url.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Omit<AttemptResult, 'latencyMs'>): void => {
      if (settled) return
      settled = true
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) })
    }
    const request = client.request(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': USER_AGENT },
      lookup: pinnedLookup(target),
      // a connection of its own, through the pinned lookup, closed after the answer
      agent: false,
      ...(signal ? { signal } : {}),
    }, (response) => {
      finish({ statusCode: response.statusCode ?? 0 })
      response.resume()
      response.once('end', () => clearTimeout(timer))
    })
    // covers connecting, sending and the answer's headers; then also a receiver that never ends its body
    const timer = setTimeout(() => {
      finish({ error: `timed out after ${timeoutMs} ms` })
      request.destroy()
    }, timeoutMs)
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      finish({ error: (error.message || error.code || 'network error').slice(0, MAX_ERROR) })
    })
    request.end(body)
  })
}
