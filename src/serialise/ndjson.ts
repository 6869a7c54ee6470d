import { changeWriter } from './json.ts'
import type { ChangeLayout, ChangeRecord } from './fields.ts'

/**
 * Newline-delimited JSON (application/x-ndjson): one JSON object per line, each line ending in LF, for
 * tools that process a stream of changes record by record (jq, a log shipper). The objects are the JSON
 * format's, so the two never disagree.
 */
export function changesToNdjson(changes: readonly ChangeRecord[], layout: ChangeLayout): string {
  const write = changeWriter(layout)
  let text = ''
  for (const change of changes) text += `${write(change)}\n`
  return text
}
