import path from 'node:path'
import type { PublicField } from '../store/types.ts'
import { ArrowFileSink } from '../serialise/arrow-file.ts'
import { arrowSchema } from '../serialise/arrow-schema.ts'
import { CsvFileSink } from './csv-file.ts'
import { FORMAT_INFO } from './formats.ts'
import { createHashedFile } from './hashed-file.ts'
import { writeManifest, type Manifest } from './manifest.ts'
import { VersionRows } from './version-rows.ts'

/**
 * The materialise step of ingest (SPEC §5, §6.2): after the version's rows are sealed and before it
 * is published, write its bulk files (CSV, gzipped CSV, Arrow IPC file) into the version directory
 * in one pass over the rows, then the manifest with each file's size and SHA-256. Anything thrown
 * here aborts the version like any other ingest failure: the directory goes, the previous version
 * stays served. Published files are never rewritten.
 */
export interface MaterialisePlan {
  datasetId: string
  version: number
  fields: readonly PublicField[]
  primaryKey?: string
}

export async function materialiseVersion(dir: string, plan: MaterialisePlan): Promise<Manifest> {
  const rows = new VersionRows(dir, plan.fields, plan.primaryKey)
  try {
    const metadata = new Map([['gongkai:dataset', plan.datasetId], ['gongkai:version', String(plan.version)]])
    const schema = arrowSchema(plan.fields, plan.primaryKey, rows.zonedDatetimeFields(), metadata)
    const csv = new CsvFileSink(path.join(dir, FORMAT_INFO.csv.file), path.join(dir, FORMAT_INFO['csv.gz'].file), plan.fields.map((f) => f.name))
    const arrow = new ArrowFileSink(schema, plan.fields.map((f) => f.type), createHashedFile(path.join(dir, FORMAT_INFO.arrow.file)))
    let rowCount = 0
    try {
      for (const batch of rows.batches()) {
        await Promise.all([csv.append(batch), arrow.append(batch)])
        rowCount += batch.length
      }
      const [written, arrowDigest] = await Promise.all([csv.close(), arrow.close()])
      const manifest: Manifest = {
        rowCount,
        createdAt: new Date().toISOString(),
        files: [
          { format: 'csv', file: FORMAT_INFO.csv.file, ...written.csv },
          { format: 'csv.gz', file: FORMAT_INFO['csv.gz'].file, ...written.gz },
          { format: 'arrow', file: FORMAT_INFO.arrow.file, ...arrowDigest },
        ],
      }
      writeManifest(dir, manifest)
      return manifest
    } catch (error) {
      csv.destroy()
      arrow.destroy()
      throw error
    }
  } finally {
    rows.close()
  }
}
