import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core'

/** Metadata tables of the embedded store (rows of each version live in their own file, see version-file.ts). */
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
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
)

export const ingestReports = sqliteTable('ingest_reports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  datasetId: text('dataset_id').notNull(),
  status: text('status').notNull(),
  startedAt: text('started_at').notNull(),
  reportJson: text('report_json').notNull(),
})
