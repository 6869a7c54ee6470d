import { keyStatus } from '../access/issue-key.ts'
import type { ApiKeyRecord, ApplicationRecord, AuditRecord } from '../store/access-types.ts'

/** Store records as the API shows them (schemas/access.ts): snake_case, nulls for what is not set, never a secret. */
export function keyView(key: ApiKeyRecord, now: number = Date.now()) {
  return {
    id: key.id,
    name: key.name,
    tier: key.tier,
    status: keyStatus(key, now),
    created_at: key.createdAt,
    expires_at: key.expiresOn ?? null,
    revoked_at: key.revokedAt ?? null,
    last_used_at: key.lastUsedAt ?? null,
  }
}

export function applicationView(application: ApplicationRecord) {
  return {
    id: application.id,
    dataset: application.datasetId,
    key_id: application.keyId,
    purpose: application.purpose,
    status: application.status,
    submitted_at: application.submittedAt,
    due_by: application.dueBy,
    decided_at: application.decidedAt ?? null,
    expires_at: application.expiresOn ?? null,
    reason: application.reason ?? null,
  }
}

export function auditView(record: AuditRecord) {
  return {
    id: record.id,
    at: record.at,
    key_id: record.keyId ?? null,
    dataset: record.datasetId,
    version: record.version ?? null,
    route: record.route,
    status: record.status,
    rows: record.rows ?? null,
    bytes: record.bytes ?? null,
  }
}
