import t from 'tap'
import type { KeyCredentials } from '../../src/store/access-types.ts'
import type { CatalogEvent } from '../../src/store/change-types.ts'
import type { SubscriptionFilter } from '../../src/store/subscription-types.ts'
import { filterMatches, keyMayBeTold } from '../../src/webhooks/matching.ts'

const EVENT: CatalogEvent = {
  id: 1, type: 'version.published', version: 2, rowCount: 10, at: '2026-03-01T00:00:00.000Z',
  datasetId: 'air', title: '空气', theme: '生态环境', provider: '环保局', grade: 1, open: 'unconditional',
}
const ANY: SubscriptionFilter = { events: [], datasets: [], themes: [], providers: [] }

const FILTERS: Array<[string, Partial<SubscriptionFilter>, boolean]> = [
  ['nothing narrowed', {}, true],
  ['its type', { events: ['version.published'] }, true],
  ['one of its types', { events: ['dataset.closed', 'version.published'] }, true],
  ['another type', { events: ['dataset.schema_changed'] }, false],
  ['its dataset', { datasets: ['water', 'air'] }, true],
  ['other datasets', { datasets: ['water'] }, false],
  ['its theme', { themes: ['生态环境'] }, true],
  ['another theme', { themes: ['交通'] }, false],
  ['its provider', { providers: ['环保局'] }, true],
  ['another provider', { providers: ['交通委'] }, false],
  ['every list matching', { events: ['version.published'], datasets: ['air'], themes: ['生态环境'], providers: ['环保局'] }, true],
  ['all but one list matching', { events: ['version.published'], datasets: ['air'], themes: ['生态环境'], providers: ['交通委'] }, false],
]

t.test('a filter: each list given narrows (one of its values), an empty one does not', async (t) => {
  for (const [what, filter, expected] of FILTERS) t.equal(filterMatches({ ...ANY, ...filter }, EVENT), expected, what)
})

const NOW = Date.parse('2026-03-01T12:00:00+08:00')
const key = (overrides: Partial<KeyCredentials['key']> = {}, granted: string[] = []): KeyCredentials => ({
  key: { id: 'k1', name: 'k', tier: 'registered', createdAt: '2026-01-01T00:00:00.000Z', ...overrides }, secretDigest: '', grantedDatasets: granted,
})

const TOLD: Array<[string, Pick<CatalogEvent, 'grade' | 'open'>, KeyCredentials | undefined, boolean]> = [
  ['grade 1, a valid key', { grade: 1, open: 'unconditional' }, key(), true],
  ['grade 2, a valid key', { grade: 2, open: 'unconditional' }, key(), true],
  ['grade 3 without a grant', { grade: 3, open: 'conditional' }, key(), false],
  ['grade 3 with a grant for another dataset', { grade: 3, open: 'conditional' }, key({}, ['water']), false],
  ['grade 3 with a grant for it', { grade: 3, open: 'conditional' }, key({}, ['air']), true],
  ['grade 2 open only on condition, without a grant', { grade: 2, open: 'conditional' }, key(), false],
  ['grade 4, closed: its metadata is public', { grade: 4, open: 'closed' }, key(), true],
  ['a revoked key', { grade: 1, open: 'unconditional' }, key({ revokedAt: '2026-02-01T00:00:00.000Z' }), false],
  ['a revoked key with a grant', { grade: 3, open: 'conditional' }, key({ revokedAt: '2026-02-01T00:00:00.000Z' }, ['air']), false],
  ['an expired key', { grade: 1, open: 'unconditional' }, key({ expiresOn: '2026-02-28' }), false],
  ['a key expiring today', { grade: 1, open: 'unconditional' }, key({ expiresOn: '2026-03-01' }), true],
  ['a key that is gone', { grade: 1, open: 'unconditional' }, undefined, false],
]

t.test('who may be told: a valid key, and for conditional data a key holding a grant for the dataset', async (t) => {
  for (const [what, terms, credentials, expected] of TOLD) t.equal(keyMayBeTold({ ...EVENT, ...terms }, credentials, NOW), expected, what)
})
