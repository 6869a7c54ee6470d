import type { Database } from 'better-sqlite3'

/**
 * Schema migrations of the metadata database, applied in order and recorded in `user_version`.
 * Append new steps; never edit a released one. Must match tables.ts.
 */
const STEPS: readonly string[] = [
  `CREATE TABLE datasets (
     id TEXT PRIMARY KEY,
     entry_json TEXT NOT NULL,
     title TEXT NOT NULL,
     theme TEXT NOT NULL,
     grade INTEGER NOT NULL,
     open TEXT NOT NULL,
     provider TEXT NOT NULL,
     keywords_json TEXT NOT NULL,
     current_version INTEGER,
     row_count INTEGER,
     updated_at TEXT NOT NULL,
     last_version INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE versions (
     dataset_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('building', 'published')),
     builder_pid INTEGER,
     created_at TEXT NOT NULL,
     published_at TEXT,
     row_count INTEGER,
     plan_json TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     PRIMARY KEY (dataset_id, version)
   );
   CREATE TABLE ingest_reports (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     dataset_id TEXT NOT NULL,
     status TEXT NOT NULL,
     started_at TEXT NOT NULL,
     report_json TEXT NOT NULL
   );
   CREATE INDEX ingest_reports_dataset ON ingest_reports (dataset_id, id);
   -- trigram tokens let Chinese substrings of three or more characters match (shorter ones use LIKE)
   CREATE VIRTUAL TABLE dataset_search USING fts5 (id UNINDEXED, body, tokenize = 'trigram');`,
]

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let step = current; step < STEPS.length; step++) {
    db.transaction(() => {
      db.exec(STEPS[step] as string)
      db.pragma(`user_version = ${step + 1}`)
    })()
  }
}
