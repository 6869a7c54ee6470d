/**
 * The bulk files written for every version (SPEC §6.2): one table, so that ingest, the download
 * routes, the dataset metadata and the harvest documents agree on names and media types.
 * `mediaType` is the bare IANA type (catalogs want it without parameters); `contentType` is what
 * the HTTP response says. The gzipped CSV is served as application/gzip, never with
 * Content-Encoding: gzip, so that clients keep the compressed bytes the checksum is about.
 */
export const BULK_FORMATS = ['csv', 'csv.gz', 'arrow'] as const
export type BulkFormat = (typeof BULK_FORMATS)[number]

export interface FormatInfo {
  /** File name inside the version directory. */
  file: string
  mediaType: string
  contentType: string
  /** Human-readable format name, as catalogs show it. */
  title: string
}

export const FORMAT_INFO: Readonly<Record<BulkFormat, FormatInfo>> = {
  csv: { file: 'data.csv', mediaType: 'text/csv', contentType: 'text/csv; charset=utf-8', title: 'CSV' },
  'csv.gz': { file: 'data.csv.gz', mediaType: 'application/gzip', contentType: 'application/gzip', title: 'CSV (gzip)' },
  arrow: { file: 'data.arrow', mediaType: 'application/vnd.apache.arrow.file', contentType: 'application/vnd.apache.arrow.file', title: 'Apache Arrow IPC file' },
}

/**
 * The CSV for spreadsheets (`?bom=1`: a UTF-8 byte order mark, formulas neutralised; excel-csv.ts), made on
 * first request and kept beside the others. Not data.bom.csv: that name holds the plain copies made before
 * formulas were neutralised, which must not be served again.
 */
export const EXCEL_CSV_FILE = 'data.excel.csv'
