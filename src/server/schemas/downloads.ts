import { Type } from '@sinclair/typebox'
import { DatasetIdParams, problemResponses } from './common.ts'

export const VersionParams = Type.Object({
  id: DatasetIdParams.properties.id,
  version: Type.Integer({ minimum: 1, description: 'a kept version (see the dataset\'s versions)' }),
})

export const CsvDownloadQuery = Type.Object(
  { bom: Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: '1: the spreadsheet variant: a UTF-8 byte order mark, and string cells beginning with = + - @ TAB or CR prefixed with \' so that a spreadsheet shows them as text instead of running them as formulas (its own ETag; the canonical file is unchanged)' })) },
  { additionalProperties: false },
)

export const NoQuery = Type.Object({}, { additionalProperties: false })

const file = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.String({ format: 'binary' }) } },
})

/** The file (200), a part of it (206), not modified (304), and the problems a download can meet. */
export function fileResponses(mediaType: string) {
  return {
    200: file(mediaType, 'the whole file; strong ETag (quoted SHA-256), Last-Modified, Accept-Ranges: bytes, Content-Disposition'),
    206: file(mediaType, 'the single byte range asked for with Range (and, if given, a matching If-Range)'),
    304: { description: 'If-None-Match matched: the file has not changed', type: 'null' },
    ...problemResponses(400, 401, 403, 404, 410, 412, 416),
  }
}

export const DistributionSchema = Type.Object({
  format: Type.String({ description: 'csv, csv.gz or arrow' }),
  title: Type.String(),
  media_type: Type.String(),
  url: Type.String({ description: 'download URL of this version\'s file' }),
  bytes: Type.Integer(),
  sha256: Type.String({ description: 'hex SHA-256 of the file; also its ETag' }),
})
