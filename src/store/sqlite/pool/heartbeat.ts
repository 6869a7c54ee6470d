import type Database from 'better-sqlite3'

/**
 * What makes a running query cancellable. Terminating a worker thread stops JavaScript, not SQLite:
 * a query inside better-sqlite3's native code runs to its end, so a query cut at its budget kept a
 * core busy after its 503, and process exit waited for it. Every generated query that scans rows
 * therefore calls back into JavaScript every 64 rows it visits, written as the first WHERE term so
 * SQLite evaluates it before any filter can reject the row. There the worker looks whether the pool
 * has cancelled the query and, if so, throws, which ends the statement: the worker is free again at
 * once, its connections and prepared statements kept, instead of being terminated and replaced (a
 * new worker costs a few hundred milliseconds of CPU, which a flood of over-budget queries would
 * spend every budget). A terminated worker's query stops here too. Measured on 1M rows: about
 * 1.1–1.35× on a full scan, nothing visible on an index walk. `_row` is the version table's integer
 * primary key.
 */
export const HEARTBEAT_FUNCTION = 'gongkai_heartbeat'
export const HEARTBEAT_SQL = `(_row % 64 <> 0 OR ${HEARTBEAT_FUNCTION}())`

/** The message of the error a cancelled query ends with. */
export const CANCELLED = 'cancelled by the query pool'

export function registerHeartbeat(db: Database.Database, cancelled: () => boolean): void {
  db.function(HEARTBEAT_FUNCTION, { deterministic: false }, () => {
    if (cancelled()) throw new Error(CANCELLED)
    return 1
  })
}
