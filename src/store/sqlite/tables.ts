import { sql } from 'drizzle-orm'
import { CATALOG_EVENT_TYPES } from '../change-types.ts'
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core'

/**
 * Metadata tables of the embedded store (rows of each version live in their own file, see version-file.ts).
 * The one description of the schema: `npm run db:generate` derives the migrations in ./migrations from it.
 * The search index (an FTS5 table drizzle cannot describe) is a hand-written step there, see search.ts.
 */
export const datasets = sqliteTable('datasets', {
  id: text('id').primaryKey(),
  entryJson: text('entry_json').notNull(),
  title: text('title').notNull(),
  theme: text('theme').notNull(),
  grade: integer('grade').notNull(),
  open: text('open').notNull(),
  provider: text('provider').notNull(),
  keywordsJson: text('keywords_json').notNull(),
  currentVersion: integer('current_version'),
  rowCount: integer('row_count'),
  updatedAt: text('updated_at').notNull(),
  lastVersion: integer('last_version').notNull().default(0),
})

export const versions = sqliteTable(
  'versions',
  {
    datasetId: text('dataset_id').notNull(),
    version: integer('version').notNull(),
    status: text('status', { enum: ['building', 'published'] }).notNull(),
    builderPid: integer('builder_pid'),
    createdAt: text('created_at').notNull(),
    publishedAt: text('published_at'),
    rowCount: integer('row_count'),
    planJson: text('plan_json').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** The catalog entry the version was built under (set when it is published). */
    entryJson: text('entry_json'),
    /** What changed since the version before it (store/change-types.ts ChangeSummary), when there was one. */
    changesJson: text('changes_json'),
  },
  (t) => [
    primaryKey({ columns: [t.datasetId, t.version] }),
    check('versions_status', sql`status IN ('building', 'published')`),
  ],
)

/** Versions no longer served, and why: a stricter catalog entry, or an operator (gongkai purge). */
export const withdrawnVersions = sqliteTable(
  'withdrawn_versions',
  {
    datasetId: text('dataset_id').notNull(),
    version: integer('version').notNull(),
    withdrawnAt: text('withdrawn_at').notNull(),
    withdrawnBy: text('withdrawn_by', { enum: ['catalog', 'operator'] }).notNull(),
    reasonsJson: text('reasons_json').notNull(),
    fingerprint: text('fingerprint').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.datasetId, t.version] }),
    check('withdrawn_versions_by', sql`withdrawn_by IN ('catalog', 'operator')`),
  ],
)

export const ingestReports = sqliteTable(
  'ingest_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: text('dataset_id').notNull(),
    status: text('status').notNull(),
    startedAt: text('started_at').notNull(),
    reportJson: text('report_json').notNull(),
  },
  (t) => [index('ingest_reports_dataset').on(t.datasetId, t.id)],
)

/** API keys: the secret is never stored, only its SHA-256 (src/access/keys.ts). */
export const apiKeys = sqliteTable(
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
  (t) => [check('api_keys_tier', sql`tier IN ('registered', 'partner', 'admin')`)],
)

export const applications = sqliteTable(
  'applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id),
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
    uniqueIndex('applications_one_pending').on(t.keyId, t.datasetId).where(sql`status = 'pending'`),
    check('applications_status', sql`status IN ('pending', 'approved', 'rejected')`),
  ],
)

export const grants = sqliteTable(
  'grants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id),
    datasetId: text('dataset_id').notNull(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    grantedAt: text('granted_at').notNull(),
    expiresOn: text('expires_on').notNull(),
  },
  (t) => [index('grants_key').on(t.keyId, t.expiresOn)],
)

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    keyId: text('key_id'),
    datasetId: text('dataset_id').notNull(),
    version: integer('version'),
    route: text('route').notNull(),
    status: integer('status').notNull(),
    rows: integer('rows'),
    bytes: integer('bytes'),
  },
  (t) => [index('audit_dataset').on(t.datasetId, t.id), index('audit_key').on(t.keyId, t.id), index('audit_at').on(t.at)],
)

/** The catalog event log (store/event-records.ts): append-only, read by the feeds and the webhook outbox. */
export const catalogEvents = sqliteTable(
  'catalog_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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

/** Webhook subscriptions of key holders (store/subscription-types.ts); lists of the filter are JSON arrays. */
export const webhookSubscriptions = sqliteTable(
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
    afterEventId: integer('after_event_id').notNull(),
    disabledAt: text('disabled_at'),
    disabledReason: text('disabled_reason'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  },
  (t) => [index('webhook_subscriptions_key').on(t.keyId, t.createdAt)],
)

/** The outbox: one row per event owed to a subscription, leased to one server at a time while it is attempted. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: text('subscription_id').notNull().references(() => webhookSubscriptions.id),
    eventId: integer('event_id').notNull(),
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
    check('webhook_deliveries_status', sql`status IN ('pending', 'delivered', 'failed')`),
  ],
)

/** The delivery log: every attempt, with the receiver's status or the error, and how long it took. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id').notNull().references(() => webhookDeliveries.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery').on(t.deliveryId, t.id)],
)

/** One row: the last catalog event fanned out to the outbox. */
export const webhookCursor = sqliteTable(
  'webhook_cursor',
  {
    id: integer('id').primaryKey(),
    lastEventId: integer('last_event_id').notNull(),
  },
  (t) => [check('webhook_cursor_one_row', sql`id = 1`)],
)
