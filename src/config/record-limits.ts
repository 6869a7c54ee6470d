/**
 * The largest CSV field and record (UTF-8 bytes) an ingest reads (GONGKAI_MAX_FIELD_BYTES,
 * GONGKAI_MAX_RECORD_BYTES); past them the ingest fails naming the line, at once and in bounded memory.
 */
export interface RecordLimits {
  maxFieldBytes: number
  maxRecordBytes: number
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = { maxFieldBytes: 1024 * 1024, maxRecordBytes: 4 * 1024 * 1024 }
