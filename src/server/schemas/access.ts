import { Type, type TSchema } from '@sinclair/typebox'
import { DATE_PATTERN } from '../../support/calendar-date.ts'
import { MAX_PURPOSE, MAX_REASON } from '../../access/applications.ts'
import { MAX_KEY_NAME } from '../../access/issue-key.ts'
import { KEY_TIERS, TIERS } from '../../config/tiers.ts'

/** Schemas of the key, application, grant, audit and /me routes (SPEC §3, §6.3). */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const IsoDate = Type.String({ pattern: DATE_PATTERN, description: 'a calendar day YYYY-MM-DD (server time zone), inclusive' })
const Instant = Type.String({ description: 'ISO 8601 instant' })
const KeyTier = Type.Union(KEY_TIERS.map((t) => Type.Literal(t)))
const AnyTier = Type.Union(TIERS.map((t) => Type.Literal(t)))
const KeyId = Type.String({ pattern: '^[0-9a-f]{16}$', description: 'the <id> part of gk_<id>_<secret>' })

export const KeyIdParams = Type.Object({ id: KeyId })
export const ApplicationIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const ApiKey = Type.Object({
  id: KeyId,
  name: Type.String(),
  tier: KeyTier,
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')]),
  created_at: Instant,
  expires_at: Nullable(IsoDate),
  revoked_at: Nullable(Instant),
  last_used_at: Nullable(Type.String({ description: 'ISO 8601 instant, updated at most once a minute' })),
})

export const CreateKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_KEY_NAME }),
    tier: KeyTier,
    expires_at: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
)

export const CreatedKey = Type.Composite([
  ApiKey,
  Type.Object({ key: Type.String({ description: 'gk_<id>_<secret>: shown only in this response; store it now' }) }),
])

export const KeyList = Type.Object({ items: Type.Array(ApiKey) })

const ApplicationStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])

export const ApplicationBody = Type.Object(
  {
    purpose: Type.String({ minLength: 1, maxLength: MAX_PURPOSE, description: 'what the data will be used for' }),
    accept_agreement: Type.Literal(true, { description: 'acceptance of the use agreement for conditional data; must be true' }),
  },
  { additionalProperties: false },
)

export const Application = Type.Object({
  id: Type.Integer(),
  dataset: Type.String(),
  key_id: KeyId,
  purpose: Type.String(),
  status: ApplicationStatus,
  submitted_at: Instant,
  due_by: Type.String({ pattern: DATE_PATTERN, description: 'reply deadline: 20 working days after submission' }),
  decided_at: Nullable(Instant),
  expires_at: Nullable(IsoDate),
  reason: Nullable(Type.String()),
})

export const ApplicationList = Type.Object({ items: Type.Array(Application) })
export const ApplicationFilter = Type.Object({ status: Type.Optional(ApplicationStatus) }, { additionalProperties: false })

export const ApproveBody = Type.Object({ expires_at: IsoDate }, { additionalProperties: false })
export const RejectBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: MAX_REASON }) }, { additionalProperties: false })

export const AuditQuery = Type.Object(
  {
    dataset: Type.Optional(Type.String({ maxLength: 64 })),
    key: Type.Optional(KeyId),
    since: Type.Optional(Type.String({ maxLength: 40, description: 'a date YYYY-MM-DD or an ISO 8601 instant' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 100, description: 'opaque token: the previous page\'s `next`' })),
  },
  { additionalProperties: false },
)

export const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Instant,
  key_id: Nullable(KeyId),
  dataset: Type.String(),
  version: Nullable(Type.Integer()),
  route: Type.String(),
  status: Type.Integer(),
  rows: Nullable(Type.Integer()),
  bytes: Nullable(Type.Integer()),
})

export const AuditPage = Type.Object({
  items: Type.Array(AuditItem),
  next: Nullable(Type.String({ description: 'cursor of the next page, null on the last page' })),
})

export const MeResponse = Type.Object({
  key: Type.Object({
    id: KeyId,
    name: Type.String(),
    tier: AnyTier,
    created_at: Instant,
    expires_at: Nullable(IsoDate),
    last_used_at: Nullable(Instant),
  }),
  limits: Type.Object({ requests_per_minute: Type.Integer(), downloads_per_hour: Type.Integer() }),
  remaining: Type.Object({
    requests: Type.Integer({ description: 'requests left in the current minute window (this one counted)' }),
    requests_reset_in: Type.Integer({ description: 'seconds until the request window resets' }),
    downloads: Type.Integer(),
    downloads_reset_in: Type.Integer(),
  }),
  grants: Type.Array(Type.Object({ dataset: Type.String(), expires_at: IsoDate, application_id: Type.Integer() })),
})
