import t from 'tap'
import type { CatalogEvent, ChangeSummary } from '../../src/store/change-types.ts'
import { webhookPayload } from '../../src/webhooks/payload.ts'

const TERMS = { at: '2026-03-01T08:00:00.000Z', datasetId: 'air', title: '空气质量日报', theme: '生态环境', provider: '北京市生态环境局', grade: 1, open: 'unconditional' as const }
const DATASET = { id: 'air', title: '空气质量日报', theme: '生态环境', provider: '北京市生态环境局', grade: 1, open: 'unconditional', url: 'https://data.example/api/v1/datasets/air' }
const SUMMARY: ChangeSummary = {
  from: 2, to: 3, matchedBy: 'primary_key', rows: { added: 5, removed: 1, changed: 2, unchanged: 90 }, rowCountDelta: 4,
  fields: [{ field: 'aqi', change: 'retyped', before: { type: 'integer', rule: 'keep' }, after: { type: 'number', rule: 'keep' } }, { field: 'note', change: 'added', after: { type: 'string', rule: 'redact' } }],
}

const CASES: Array<[string, CatalogEvent, Record<string, unknown>]> = [
  ['a new dataset', { ...TERMS, id: 7, type: 'dataset.created' }, { event_id: 7, dataset: DATASET }],
  ['a first version: no summary to compare', { ...TERMS, id: 8, type: 'version.published', version: 1, rowCount: 96 }, { event_id: 8, dataset: DATASET, version: 1, row_count: 96, changes: null }],
  ['a later version: counts of what changed and where to read it', { ...TERMS, id: 9, type: 'version.published', version: 3, rowCount: 100, changes: SUMMARY }, {
    event_id: 9, dataset: DATASET, version: 3, row_count: 100,
    changes: { from: 2, matched_by: 'primary_key', rows: { added: 5, removed: 1, changed: 2, unchanged: 90 }, row_count_delta: 4, fields: SUMMARY.fields },
    changes_url: 'https://data.example/api/v1/datasets/air/versions/3/changes?from=2',
  }],
  ['a schema change', { ...TERMS, id: 10, type: 'dataset.schema_changed', version: 3, from: 2, fields: SUMMARY.fields }, { event_id: 10, dataset: DATASET, version: 3, from: 2, fields: SUMMARY.fields }],
  ['a closed dataset', { ...TERMS, id: 11, type: 'dataset.closed', reason: 'removed', grade: 3, open: 'conditional' }, { event_id: 11, dataset: { ...DATASET, grade: 3, open: 'conditional' }, reason: 'removed' }],
]

t.test('events become Standard Webhooks payloads: type, when it happened, the dataset, what changed in counts, links', async (t) => {
  for (const [what, event, data] of CASES) {
    t.same(webhookPayload(event, 'https://data.example'), { type: event.type, timestamp: '2026-03-01T08:00:00.000Z', data }, what)
  }
})

t.test('links are made from the origin the subscription was made through', async (t) => {
  const event: CatalogEvent = { ...TERMS, id: 1, type: 'dataset.created', datasetId: 'a-b' }
  t.match(webhookPayload(event, 'http://127.0.0.1:3000').data, { dataset: { url: 'http://127.0.0.1:3000/api/v1/datasets/a-b' } })
})
