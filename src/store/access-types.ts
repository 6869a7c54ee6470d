import type { KeyTier } from '../config/tiers.ts'

/**
 * The access store: API keys (digests only, never secrets), applications for conditional data, the
 * grants approvals create, and the audit log of conditional reads. Async throughout, like
 * DatasetStore, so that a PostgreSQL implementation can stand in for the embedded SQLite one. Dates
 * named `…On` are calendar days (YYYY-MM-DD, inclusive); those named `…At` are ISO 8601 instants.
 */
export interface ApiKeyRecord {
  id: string
  name: string
  tier: KeyTier
  createdAt: string
  expiresOn?: string
  revokedAt?: string
  lastUsedAt?: string
}

export interface NewApiKey {
  id: string
  name: string
  tier: KeyTier
  /** SHA-256 of the secret, hex. */
  secretDigest: string
  createdAt: string
  expiresOn?: string
}

/** What authenticating a request needs, in one round trip: the key with its digest and its live grants. */
export interface KeyCredentials {
  key: ApiKeyRecord
  secretDigest: string
  /** Datasets with a grant valid on the day asked for. */
  grantedDatasets: string[]
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected'

export interface ApplicationRecord {
  id: number
  keyId: string
  datasetId: string
  purpose: string
  status: ApplicationStatus
  submittedAt: string
  dueBy: string
  decidedAt?: string
  decidedBy?: string
  /** For approved applications: the last day of the grant. */
  expiresOn?: string
  /** For rejected applications. */
  reason?: string
}

export interface NewApplication {
  keyId: string
  datasetId: string
  purpose: string
  submittedAt: string
  dueBy: string
}

export type Decision =
  | { status: 'approved'; expiresOn: string; decidedAt: string; decidedBy: string }
  | { status: 'rejected'; reason: string; decidedAt: string; decidedBy: string }

export interface GrantRecord {
  id: number
  keyId: string
  datasetId: string
  applicationId: number
  grantedAt: string
  expiresOn: string
}

export interface AuditEntry {
  at: string
  keyId?: string
  datasetId: string
  version?: number
  /** Method and route pattern, e.g. `GET /api/v1/datasets/:id/rows`. */
  route: string
  status: number
  rows?: number
  bytes?: number
}

export interface AuditRecord extends AuditEntry {
  id: number
}

export interface AuditQuery {
  datasetId?: string
  keyId?: string
  /** Entries at or after this instant. */
  since?: string
  /** Keyset paging: entries with a larger id. */
  afterId?: number
  limit: number
}

export interface AccessStore {
  createKey(key: NewApiKey): Promise<ApiKeyRecord>
  getKey(id: string): Promise<ApiKeyRecord | undefined>
  /** The key and its grants valid on `today`; a primary-key read, cheap enough for every request. */
  credentials(id: string, today: string): Promise<KeyCredentials | undefined>
  listKeys(): Promise<ApiKeyRecord[]>
  /** Marks the key revoked (keeps the first revocation time); undefined when there is no such key. */
  revokeKey(id: string, at: string): Promise<ApiKeyRecord | undefined>
  /** Records use, at most once per `minIntervalMs`, so that a busy key does not write on every request. */
  touchKey(id: string, at: string, minIntervalMs: number): Promise<void>

  /** Undefined when the key already has a pending application for the dataset. */
  createApplication(application: NewApplication): Promise<ApplicationRecord | undefined>
  getApplication(id: number): Promise<ApplicationRecord | undefined>
  listApplications(filter: { keyId?: string; status?: ApplicationStatus }): Promise<ApplicationRecord[]>
  /** Decides a pending application; an approval creates its grant in the same transaction. Undefined when it is not pending. */
  decideApplication(id: number, decision: Decision): Promise<ApplicationRecord | undefined>
  /** Grants of a key valid on `today`, soonest expiry first. */
  listGrants(keyId: string, today: string): Promise<GrantRecord[]>

  appendAudit(entry: AuditEntry): Promise<void>
  listAudit(query: AuditQuery): Promise<AuditRecord[]>
  close(): Promise<void>
}
