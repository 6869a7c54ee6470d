import type Database from 'better-sqlite3'

/**
 * What makes a running query cancellable. Terminating a worker thread stops JavaScript, not SQLite:
 * a query inside better-sqlite3's native code runs to its end, so a query cut at its budget kept a
 * core busy after its 503, and process exit waited for it. Every generated query that scans rows
 * therefore calls back into JavaScript every 64 rows it visits, written as the first WHERE term so
 * SQLite evaluates it before any filter can reject the row; a terminated worker's query stops
 * there. Measured on 1M rows: about 1.1–1.35× on a full scan, nothing visible on an index walk.
 * `_row` is the version table's integer primary key.
 */
export const HEARTBEAT_FUNCTION = 'gongkai_heartbeat'
export const HEARTBEAT_SQL = `(_row % 64 <> 0 OR ${HEARTBEAT_FUNCTION}())`

export function registerHeartbeat(db: Database.Database): void {
  db.function(HEARTBEAT_FUNCTION, { deterministic: false }, () => 1)
}
