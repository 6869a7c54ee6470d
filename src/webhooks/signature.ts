import crypto from 'node:crypto'

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): the receiver recomputes
 * HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>` with the subscription's secret and
 * compares; the timestamp lets it refuse replays of old messages. The secret is `whsec_` and the base64
 * of its random key bytes, the form the Standard Webhooks libraries take as it is.
 */
export const SECRET_PREFIX = 'whsec_'
/** 256 bits: the spec allows 24 to 64 bytes; HMAC-SHA256 gains nothing from more. */
const SECRET_BYTES = 32

export function generateSecret(): string {
  return `${SECRET_PREFIX}${crypto.randomBytes(SECRET_BYTES).toString('base64')}`
}

export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** The three headers of one attempt: the id is the message's (the same on every retry), the timestamp the attempt's, in seconds. */
export function signedHeaders(secret: string, messageId: string, timestampSeconds: number, body: string): SignedHeaders {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_')
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
  const timestamp = String(Math.floor(timestampSeconds))
  const signature = crypto.createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`, 'utf8').digest('base64')
  return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` }
}
