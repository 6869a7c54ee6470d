/**
 * How running a query can fail, whichever store runs it: the routes turn the first two into 503/429 with
 * Retry-After (server/query-route.ts), the portal into a notice.
 */
export class QueryTimeout extends Error {
  constructor(readonly budgetMs: number, readonly ran: boolean) {
    super(ran
      ? `the query did not finish within its ${budgetMs} ms budget`
      : `the server is busy: the query waited its whole ${budgetMs} ms budget for a free worker`)
  }
}

export type Refusal = 'queue-full' | 'caller-busy'

/** A query turned away at once: the caller has too many in the store's line, or the line is full. */
export class QueryRefused extends Error {
  constructor(readonly reason: Refusal, readonly limit: number, readonly budgetMs: number) {
    super(reason === 'caller-busy'
      ? `too many queries at once: at most ${limit} per caller may be running or waiting; wait for one to finish`
      : `the server is busy: its line of queries waiting for a worker (${limit}) is full`)
  }
}

export class QueryFailed extends Error {}
