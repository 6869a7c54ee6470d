import type { DatasetStore, PublicField } from '../store/types.ts'
import { ArrowFileSink } from '../serialise/arrow-file.ts'
import { arrowSchema } from '../serialise/arrow-schema.ts'
import { CsvFileSink, gzipFront } from './csv-file.ts'
import { FORMAT_INFO } from './formats.ts'
import { writeManifest, type Manifest } from './manifest.ts'

/**
 * The materialise step of ingest (SPEC §5, §6.2): after the version's rows are sealed and before it
 * is published, write its bulk files (CSV, gzipped CSV, Arrow IPC file) among the version's files
 * in one pass over the rows, then the manifest with each file's size and SHA-256. Anything thrown
 * here aborts the version like any other ingest failure: its files go, the previous version
 * stays served. Published files are never rewritten.
 */
export interface MaterialisePlan {
  datasetId: string
  version: number
  fields: readonly PublicField[]
  primaryKey?: string
}

/** Rows read back per batch: memory holds a batch rather than the table. */
export const READ_BATCH_ROWS = 4096

export async function materialiseVersion(store: DatasetStore, plan: MaterialisePlan): Promise<Manifest> {
  const files = store.versionFiles(plan.datasetId, plan.version)
  const rows = await store.versionRows(plan.datasetId, plan.version)
  try {
    const metadata = new Map([['gongkai:dataset', plan.datasetId], ['gongkai:version', String(plan.version)]])
    const schema = arrowSchema(plan.fields, plan.primaryKey, await rows.zonedDatetimeFields(), metadata)
    const csv = new CsvFileSink(files.create(FORMAT_INFO.csv.file), files.create(FORMAT_INFO['csv.gz'].file, gzipFront()), plan.fields.map((f) => f.name))
    const arrow = new ArrowFileSink(schema, plan.fields.map((f) => f.type), files.create(FORMAT_INFO.arrow.file))
    let rowCount = 0
    try {
      for await (const batch of rows.batches(READ_BATCH_ROWS)) {
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
      await writeManifest(files, manifest)
      return manifest
    } catch (error) {
      csv.destroy()
      arrow.destroy()
      throw error
    }
  } finally {
    await rows.close()
  }
}
