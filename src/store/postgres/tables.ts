import { sql } from 'drizzle-orm'
import { CATALOG_EVENT_TYPES } from '../change-types.ts'
import { bigint, bigserial, check, index, integer, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core'

/**
 * Metadata tables of the PostgreSQL store, the same records as sqlite/tables.ts. Instants stay ISO 8601
 * text, as in the embedded store, so that both compare and return them alike. The search body and the
 * update frequency are columns here (SQLite reads them from an FTS table and the entry's JSON): a GIN
 * trigram index answers `q`, Chinese substrings of any length included. Rows of each version live in a
 * table of their own in the gongkai_rows schema (version-table.ts).
 */
export const datasets = pgTable(
  'datasets',
  {
    id: text('id').primaryKey(),
    entryJson: text('entry_json').notNull(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    theme: text('theme').notNull(),
    grade: integer('grade').notNull(),
    open: text('open').notNull(),
    provider: text('provider').notNull(),
    updateFrequency: text('update_frequency'),
    keywords: text('keywords').array().notNull(),
    searchBody: text('search_body').notNull(),
    currentVersion: integer('current_version'),
    rowCount: bigint('row_count', { mode: 'number' }),
    updatedAt: text('updated_at').notNull(),
    lastVersion: integer('last_version').notNull().default(0),
  },
  (t) => [index('datasets_search_body').using('gin', sql`${t.searchBody} gin_trgm_ops`)],
)

export const versions = pgTable(
  'versions',
  {
    datasetId: text('dataset_id').notNull(),
    version: integer('version').notNull(),
    status: text('status', { enum: ['building', 'published'] }).notNull(),
    createdAt: text('created_at').notNull(),
    publishedAt: text('published_at'),
    rowCount: bigint('row_count', { mode: 'number' }),
    planJson: text('plan_json').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** The catalog entry the version was built under (set when it is published). */
    entryJson: text('entry_json'),
    /** What changed since the version before it (store/change-types.ts ChangeSummary), when there was one. */
    changesJson: text('changes_json'),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] }), check('versions_status', sql`${t.status} IN ('building', 'published')`)],
)

/** Versions no longer served, and why: a stricter catalog entry, or an operator (gongkai purge). */
export const withdrawnVersions = pgTable(
  'withdrawn_versions',
  {
    datasetId: text('dataset_id').notNull(),
    version: integer('version').notNull(),
    withdrawnAt: text('withdrawn_at').notNull(),
    withdrawnBy: text('withdrawn_by', { enum: ['catalog', 'operator'] }).notNull(),
    reasonsJson: text('reasons_json').notNull(),
    fingerprint: text('fingerprint').notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] }), check('withdrawn_by', sql`${t.withdrawnBy} IN ('catalog', 'operator')`)],
)

export const ingestReports = pgTable(
  'ingest_reports',
  {
    id: serial('id').primaryKey(),
    datasetId: text('dataset_id').notNull(),
    status: text('status').notNull(),
    startedAt: text('started_at').notNull(),
    reportJson: text('report_json').notNull(),
  },
  (t) => [index('ingest_reports_dataset').on(t.datasetId, t.id)],
)

/** API keys: the secret is never stored, only its SHA-256 (src/access/keys.ts). */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tier: text('tier', { enum: ['registered', 'partner', 'admin'] }).notNull(),
    secretSha256: text('secret_sha256').notNull(),
    createdAt: text('created_at').notNull(),
    expiresOn: text('expires_on'),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [check('api_keys_tier', sql`${t.tier} IN ('registered', 'partner', 'admin')`)],
)

export const applications = pgTable(
  'applications',
  {
    id: serial('id').primaryKey(),
    keyId: text('key_id').notNull().references(() => apiKeys.id),
    datasetId: text('dataset_id').notNull(),
    purpose: text('purpose').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    submittedAt: text('submitted_at').notNull(),
    dueBy: text('due_by').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    expiresOn: text('expires_on'),
    reason: text('reason'),
  },
  (t) => [
    index('applications_key').on(t.keyId, t.id),
    index('applications_status').on(t.status, t.id),
    // one pending application per key and dataset, held by the database even for concurrent requests
    check('applications_status_values', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
    uniqueIndex('applications_one_pending').on(t.keyId, t.datasetId).where(sql`status = 'pending'`),
  ],
)

export const grants = pgTable(
  'grants',
  {
    id: serial('id').primaryKey(),
    keyId: text('key_id').notNull().references(() => apiKeys.id),
    datasetId: text('dataset_id').notNull(),
    applicationId: integer('application_id').notNull().references(() => applications.id),
    grantedAt: text('granted_at').notNull(),
    expiresOn: text('expires_on').notNull(),
  },
  (t) => [index('grants_key').on(t.keyId, t.expiresOn)],
)

export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: text('at').notNull(),
    keyId: text('key_id'),
    datasetId: text('dataset_id').notNull(),
    version: integer('version'),
    route: text('route').notNull(),
    status: integer('status').notNull(),
    rows: bigint('rows', { mode: 'number' }),
    bytes: bigint('bytes', { mode: 'number' }),
  },
  (t) => [index('audit_dataset').on(t.datasetId, t.id), index('audit_key').on(t.keyId, t.id), index('audit_at').on(t.at)],
)

/**
 * The catalog event log (store/event-records.ts): append-only, read by the feeds and the webhook outbox.
 * Writers take an advisory lock first (store.ts), so that ids are handed out in commit order and a reader
 * that has seen id n never later finds a smaller one committed.
 */
export const catalogEvents = pgTable(
  'catalog_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: text('at').notNull(),
    type: text('type', { enum: CATALOG_EVENT_TYPES }).notNull(),
    datasetId: text('dataset_id').notNull(),
    title: text('title').notNull(),
    theme: text('theme').notNull(),
    provider: text('provider').notNull(),
    grade: integer('grade').notNull(),
    open: text('open').notNull(),
    dataJson: text('data_json').notNull(),
  },
  (t) => [index('catalog_events_dataset').on(t.datasetId, t.id), index('catalog_events_theme').on(t.theme, t.id), index('catalog_events_provider').on(t.provider, t.id)],
)

/** Webhook subscriptions of key holders (store/subscription-types.ts); lists of the filter are JSON arrays, as in SQLite. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    keyId: text('key_id').notNull().references(() => apiKeys.id),
    url: text('url').notNull(),
    eventsJson: text('events_json').notNull(),
    datasetsJson: text('datasets_json').notNull(),
    themesJson: text('themes_json').notNull(),
    providersJson: text('providers_json').notNull(),
    secret: text('secret').notNull(),
    baseUrl: text('base_url').notNull(),
    createdAt: text('created_at').notNull(),
    afterEventId: bigint('after_event_id', { mode: 'number' }).notNull(),
    disabledAt: text('disabled_at'),
    disabledReason: text('disabled_reason'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  },
  (t) => [index('webhook_subscriptions_key').on(t.keyId, t.createdAt)],
)

/** The outbox: one row per event owed to a subscription, leased to one server at a time while it is attempted. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: text('subscription_id').notNull().references(() => webhookSubscriptions.id),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    eventType: text('event_type', { enum: CATALOG_EVENT_TYPES }).notNull(),
    datasetId: text('dataset_id').notNull(),
    grade: integer('grade').notNull(),
    open: text('open').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: text('created_at').notNull(),
    nextAttemptAt: text('next_attempt_at'),
    leaseUntil: text('lease_until'),
    finishedAt: text('finished_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_once').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_due').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_log').on(t.subscriptionId, t.id),
    index('webhook_deliveries_finished').on(t.finishedAt),
    check('webhook_deliveries_status', sql`${t.status} IN ('pending', 'delivered', 'failed')`),
  ],
)

/** The delivery log: every attempt, with the receiver's status or the error, and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' }).notNull().references(() => webhookDeliveries.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery').on(t.deliveryId, t.id)],
)

/** One row: the last catalog event fanned out to the outbox. */
export const webhookCursor = pgTable(
  'webhook_cursor',
  {
    id: integer('id').primaryKey(),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  },
  (t) => [check('webhook_cursor_one_row', sql`${t.id} = 1`)],
)
