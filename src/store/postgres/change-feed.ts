import pg from 'pg'
import { sql } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'

/**
 * Change notifications between the servers of one database (PostgreSQL LISTEN/NOTIFY): a write that
 * others may have cached queues a notification in its own transaction, which PostgreSQL delivers to
 * every listening session when, and only if, the transaction commits. Each server keeps what it read
 * until a notification says it changed, so a new version, a withdrawal, a closed dataset, a revocation
 * or a grant reaches every server within the notification's delivery time rather than by a read per request.
 */
export const CHANGE_CHANNEL = 'gongkai_changes'

/** A dataset's catalog entry or versions, or an API key's record or grants. */
export interface Change {
  topic: 'dataset' | 'key'
  id: string
}

/** What listeners hear: one change, or `everything` when notifications may have been missed (the session was lost). */
export type Heard = Change | 'everything'

export function encodeChange(change: Change): string {
  return `${change.topic}:${change.id}`
}

export function decodeChange(payload: string): Change | undefined {
  const colon = payload.indexOf(':')
  const topic = payload.slice(0, colon)
  if (colon < 1 || (topic !== 'dataset' && topic !== 'key')) return undefined
  return { topic, id: payload.slice(colon + 1) }
}

type Executor = Pick<NodePgDatabase, 'execute'>

/** Queues the notification in the transaction `tx` runs (delivered at commit, dropped at rollback). */
export async function notifyChange(tx: Executor, change: Change): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${encodeChange(change)})`)
}

const FIRST_RETRY_MS = 100
const MAX_RETRY_MS = 5_000

/**
 * One session that LISTENs for changes, reconnecting with backoff when the server goes away. While it is
 * not listening (`live` false) nothing may be kept from a read, since a change could go unheard: the
 * caches are emptied at the moment it stops, and filled again only once it listens anew.
 */
export class ChangeFeed {
  private client: pg.Client | undefined
  private listening = false
  private closed = false
  private retryMs = FIRST_RETRY_MS
  private retryTimer: NodeJS.Timeout | undefined
  private readonly listeners = new Set<(heard: Heard) => void>()

  constructor(private readonly url: string) {}

  get live(): boolean {
    return this.listening
  }

  /** Calls `listener` for every change heard; returns the function that stops it. */
  subscribe(listener: (heard: Heard) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts listening unless it is, is about to retry, or is closed: cheap enough to call on every read. */
  ensureListening(): void {
    if (!this.closed && !this.client && !this.retryTimer) void this.start()
  }

  /** One attempt to listen; a failure is retried later, not thrown. */
  private async start(): Promise<void> {
    if (this.closed) return
    const client = new pg.Client({ connectionString: this.url, application_name: 'gongkai-changes' })
    this.client = client
    const lost = (): void => {
      if (this.client !== client) return
      this.client = undefined
      this.stopListening()
      client.end().catch(() => undefined)
      this.retryLater()
    }
    client.on('error', lost)
    client.on('end', lost)
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return
      const change = decodeChange(message.payload)
      if (change) this.emit(change)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGE_CHANNEL}`)
      if (this.client !== client) return
      this.retryMs = FIRST_RETRY_MS
      this.listening = true
      // what was read before this session listened may have changed unheard
      this.emit('everything')
    } catch {
      lost()
    }
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      void this.start()
    }, this.retryMs)
    this.retryTimer.unref()
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2)
  }

  private stopListening(): void {
    if (!this.listening) return
    this.listening = false
    this.emit('everything')
  }

  private emit(heard: Heard): void {
    for (const listener of this.listeners) listener(heard)
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    const client = this.client
    this.client = undefined
    this.stopListening()
    await client?.end().catch(() => undefined)
  }
}
