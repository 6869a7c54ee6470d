import type { CatalogEvent, FieldChange } from '../store/change-types.ts'

/**
 * The body of a delivery, in the shape Standard Webhooks recommends: `{ type, timestamp, data }`. It says
 * what happened and where to read more; it never carries a row value (those stay behind the API's access
 * rules, its limits and its audit), only catalog metadata, which is public, and counts.
 */
export interface WebhookPayload {
  type: CatalogEvent['type']
  /** When the event happened (ISO 8601), not when it was sent: a retry carries the same body. */
  timestamp: string
  data: Record<string, unknown>
}

const fieldChange = (change: FieldChange) => ({
  field: change.field,
  change: change.change,
  ...(change.before ? { before: change.before } : {}),
  ...(change.after ? { after: change.after } : {}),
})

/** What is particular to each type of event. */
function eventData(event: CatalogEvent, datasetUrl: string): Record<string, unknown> {
  switch (event.type) {
    case 'dataset.created':
      return {}
    case 'dataset.closed':
      return { reason: event.reason }
    case 'dataset.schema_changed':
      return { version: event.version, from: event.from, fields: event.fields.map(fieldChange) }
    case 'version.published': {
      const { changes } = event
      return {
        version: event.version,
        row_count: event.rowCount,
        changes: changes
          ? { from: changes.from, matched_by: changes.matchedBy, rows: changes.rows, row_count_delta: changes.rowCountDelta, fields: changes.fields.map(fieldChange) }
          : null,
        ...(changes ? { changes_url: `${datasetUrl}/versions/${event.version}/changes?from=${changes.from}` } : {}),
      }
    }
  }
}

/** `baseUrl`: the origin the subscription was made through (scheme, host and port), where its links point. */
export function webhookPayload(event: CatalogEvent, baseUrl: string): WebhookPayload {
  const datasetUrl = `${baseUrl}/api/v1/datasets/${encodeURIComponent(event.datasetId)}`
  return {
    type: event.type,
    timestamp: event.at,
    data: {
      event_id: event.id,
      dataset: { id: event.datasetId, title: event.title, theme: event.theme, provider: event.provider, grade: event.grade, open: event.open, url: datasetUrl },
      ...eventData(event, datasetUrl),
    },
  }
}
