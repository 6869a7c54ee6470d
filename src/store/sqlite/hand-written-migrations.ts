/**
 * The hand-written migrations of the metadata database as released before the drizzle tables became the one
 * source (migrations.ts up to commit 60decdd), recorded in `user_version`. Frozen history, not a description
 * of today's schema: they only bring a data directory of that time to their last step, whose schema is that
 * of the first drizzle migrations (test/store/migrate.test.ts compares them), so it can be adopted. Never edit.
 */
import type Database from 'better-sqlite3'

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
  // API keys (SHA-256 of the secret only), applications for conditional data, grants, audit log (SPEC §3, §6.3)
  `CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     tier TEXT NOT NULL CHECK (tier IN ('registered', 'partner', 'admin')),
     secret_sha256 TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_on TEXT,
     revoked_at TEXT,
     last_used_at TEXT
   );
   CREATE TABLE applications (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     key_id TEXT NOT NULL REFERENCES api_keys (id),
     dataset_id TEXT NOT NULL,
     purpose TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
     submitted_at TEXT NOT NULL,
     due_by TEXT NOT NULL,
     decided_at TEXT,
     decided_by TEXT,
     expires_on TEXT,
     reason TEXT
   );
   CREATE INDEX applications_key ON applications (key_id, id);
   CREATE INDEX applications_status ON applications (status, id);
   CREATE TABLE grants (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     key_id TEXT NOT NULL REFERENCES api_keys (id),
     dataset_id TEXT NOT NULL,
     application_id INTEGER NOT NULL REFERENCES applications (id),
     granted_at TEXT NOT NULL,
     expires_on TEXT NOT NULL
   );
   CREATE INDEX grants_key ON grants (key_id, expires_on);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     key_id TEXT,
     dataset_id TEXT NOT NULL,
     version INTEGER,
     route TEXT NOT NULL,
     status INTEGER NOT NULL,
     rows INTEGER,
     bytes INTEGER
   );
   CREATE INDEX audit_dataset ON audit_log (dataset_id, id);
   CREATE INDEX audit_key ON audit_log (key_id, id);
   CREATE INDEX audit_at ON audit_log (at);`,
  // one pending application per key and dataset, held by the database even for concurrent requests
  `CREATE UNIQUE INDEX applications_one_pending ON applications (key_id, dataset_id) WHERE status = 'pending';`,
  // the catalog entry each version was built under, to find versions a stricter entry must withdraw; versions
  // kept from before were served under the entry last synchronised, so that is what they were built under
  `ALTER TABLE versions ADD COLUMN entry_json TEXT;
   UPDATE versions SET entry_json = (SELECT d.entry_json FROM datasets d WHERE d.id = versions.dataset_id) WHERE status = 'published';
   CREATE TABLE withdrawn_versions (
     dataset_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     withdrawn_at TEXT NOT NULL,
     withdrawn_by TEXT NOT NULL CHECK (withdrawn_by IN ('catalog', 'operator')),
     reasons_json TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     PRIMARY KEY (dataset_id, version)
   );`,
]

export const HAND_WRITTEN_STEPS = STEPS.length

/** Applies the hand-written steps after the one recorded up to `last`, as the old migrate() did. */
export function applyHandWrittenSteps(db: Database.Database, last = HAND_WRITTEN_STEPS): void {
  for (let step = db.pragma('user_version', { simple: true }) as number; step < last; step++) {
    db.exec(STEPS[step] as string)
    db.pragma(`user_version = ${step + 1}`)
  }
}
