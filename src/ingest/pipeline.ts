import { MAX_FIELDS, type CatalogEntry, type CatalogField } from '../catalog/schema.ts'
import type { CoercedRow, PublicRow } from '../desensitise/types.ts'
import { compileDesensitiser, createGroupCounter, createLeakGuard, formatLeakViolation, type GroupCounter } from '../desensitise/index.ts'
import { materialiseVersion } from '../materialise/materialise.ts'
import { compareVersions, type ComparedVersion } from '../changes/compare-versions.ts'
import type { ChangeSummary } from '../store/change-types.ts'
import { StricterEntryError, type DatasetStore, type PublicField, type VersionWriter } from '../store/types.ts'
import { compileCoercer, Invalid, type Coercer } from './coerce.ts'
import { detectEncoding } from './decode.ts'
import { readRecords, SourceSyntaxError } from './records.ts'
import type { RecordLimits } from '../config/record-limits.ts'
import { describeRejection, MAX_LISTED_REJECTIONS, type IngestReport, type Rejection } from './report.ts'
import { describeHeaderCell, describeValue } from './describe-value.ts'
import { resolveSource, SourceFileError } from '../catalog/source-file.ts'

/**
 * One dataset's ingest (SPEC §5): decode → parse → check header → coerce and validate → desensitise
 * → leak guard → store the new version → k-anonymity → indexes → bulk files → changes since the current
 * version → switch. Any failure aborts the
 * version being built, so the previous version stays served and nothing half-built remains.
 */
export interface IngestContext {
  store: DatasetStore
  datasetsDir: string
  pseudonymKey: Buffer
  onProgress?: (datasetId: string, rowsRead: number) => void
  /** The largest CSV field and record read (GONGKAI_MAX_FIELD_BYTES, GONGKAI_MAX_RECORD_BYTES). */
  limits?: RecordLimits
  /**
   * `ingest --dry-run`: every check up to publication (decode, parse, coerce, rules, leak guard, unique
   * constraints, k-anonymity) on a trial version with no number; no bulk files, nothing switched or recorded.
   */
  dryRun?: boolean
}

export class IngestError extends Error {}

const BATCH_ROWS = 4096

interface Source {
  file: string
  shown: string
}

function locateSource(entry: CatalogEntry, datasetsDir: string): Source {
  if (!entry.source) throw new IngestError('no source: closed datasets are metadata only')
  try {
    return resolveSource(datasetsDir, entry.source.path)
  } catch (error) {
    if (error instanceof SourceFileError) throw new IngestError(error.message)
    throw error
  }
}

const MAX_LISTED_NAMES = 10

/** The first few names, then how many more: a header of hundreds of wrong columns is one readable line. */
function listNames(names: readonly string[], show: (name: string) => string): string {
  const listed = names.slice(0, MAX_LISTED_NAMES).map(show).join(', ')
  return names.length > MAX_LISTED_NAMES ? `${listed} and ${names.length - MAX_LISTED_NAMES} more` : listed
}

/** Maps each catalog field to its column in the source, or explains precisely what does not match. */
export function matchHeader(header: readonly string[], fields: readonly CatalogField[], shown: string): number[] {
  if (header.length > MAX_FIELDS) throw new IngestError(`${shown}: header: ${header.length} columns; at most ${MAX_FIELDS} are supported`)
  const names = header.map((h) => h.trim())
  const position = new Map<string, number>()
  const duplicated = names.filter((name, i) => {
    if (position.has(name)) return true
    position.set(name, i)
    return false
  })
  const expected = new Set(fields.map((f) => f.name))
  const missing = fields.map((f) => f.name).filter((name) => !position.has(name))
  const extra = names.filter((name) => !expected.has(name))
  // header cells are source cells (a header-less file's first row is data): shown masked
  const problems = [
    missing.length ? `missing column${missing.length > 1 ? 's' : ''} ${listNames(missing, (n) => `"${n}"`)}` : '',
    extra.length ? `unexpected column${extra.length > 1 ? 's' : ''} ${listNames(extra, describeHeaderCell)} (not in the catalog's fields)` : '',
    duplicated.length ? `duplicate column${duplicated.length > 1 ? 's' : ''} ${listNames(duplicated, describeHeaderCell)}` : '',
    missing.length === fields.length ? 'no cell of the first row is a field name: is the header row missing?' : '',
  ].filter(Boolean)
  if (problems.length) throw new IngestError(`${shown}: header: ${problems.join('; ')}`)
  return fields.map((f) => position.get(f.name) as number)
}

export function publicFieldsOf(entry: CatalogEntry, published: ReadonlyArray<{ name: string; type: CatalogField['type'] }>): PublicField[] {
  const byName = new Map(entry.fields.map((f) => [f.name, f]))
  return published.map(({ name, type }) => {
    const field = byName.get(name) as CatalogField
    return {
      name,
      type,
      title: field.title,
      ...(field.title_en ? { title_en: field.title_en } : {}),
      ...(field.description ? { description: field.description } : {}),
      ...(field.unit ? { unit: field.unit } : {}),
      ...(field.pii ? { pii: field.pii } : {}),
      rule: field.rule ?? 'keep',
      index: field.index === true,
      searchable: field.searchable === true,
    }
  })
}

export function newReport(entry: CatalogEntry): IngestReport {
  return {
    dataset: entry.id,
    status: 'failed',
    rows: { read: 0, published: 0, rejected: 0, suppressed: 0 },
    rejections: [],
    fields: entry.fields.map((f) => ({ name: f.name, type: f.type, ...(f.pii ? { pii: f.pii } : {}), rule: f.rule ?? 'keep', published: f.rule !== 'drop' })),
    timings: { startedAt: new Date().toISOString() },
  }
}

export async function ingestDataset(ctx: IngestContext, entry: CatalogEntry, fingerprint: string): Promise<IngestReport> {
  const report = newReport(entry)
  const started = performance.now()
  let writer: VersionWriter | undefined
  try {
    const source = locateSource(entry, ctx.datasetsDir)
    report.source = source.shown
    report.encoding = await detectEncoding(source.file, entry.source?.encoding ?? 'auto')
    const desensitiser = compileDesensitiser(entry.fields, ctx.pseudonymKey)
    const fields = publicFieldsOf(entry, desensitiser.publicFields)
    const uniqueFields = entry.fields.filter((f) => f.constraints?.unique && f.name !== entry.primary_key && f.rule !== 'drop').map((f) => f.name)
    const plan = { fields, ...(entry.primary_key ? { primaryKey: entry.primary_key } : {}), uniqueFields, fingerprint }
    writer = ctx.dryRun ? await ctx.store.beginTrialVersion(entry.id, plan) : await ctx.store.beginVersion(entry.id, plan)
    if (!ctx.dryRun) report.version = writer.version
    const groups = await loadRows(ctx, entry, source, report, writer, desensitiser.apply)
    report.timings.readMs = Math.round(performance.now() - started)
    if (groups) await applyKAnonymity(entry, groups, report, writer)
    const indexStarted = performance.now()
    const { rowCount } = await writer.complete()
    report.timings.indexMs = Math.round(performance.now() - indexStarted)
    if (rowCount === 0 && report.rows.read > 0) throw new IngestError(`${source.shown}: no row is valid; nothing to publish`)
    report.rows.published = rowCount
    if (ctx.dryRun) {
      await writer.abort()
      report.status = 'checked'
    } else {
      const materialiseStarted = performance.now()
      const manifest = await materialiseVersion(ctx.store, {
        datasetId: entry.id, version: writer.version, fields, ...(entry.primary_key ? { primaryKey: entry.primary_key } : {}),
      })
      report.files = manifest.files.map(({ format, bytes, sha256 }) => ({ format, bytes, sha256 }))
      report.timings.materialiseMs = Math.round(performance.now() - materialiseStarted)
      const changesStarted = performance.now()
      const changes = await changesSinceCurrent(ctx.store, entry.id, { version: writer.version, fields, ...(entry.primary_key ? { primaryKey: entry.primary_key } : {}), rowCount })
      if (changes) report.changes = changes
      report.timings.changesMs = Math.round(performance.now() - changesStarted)
      const { pruned } = await writer.publish(entry, rowCount, changes)
      report.pruned = pruned
      report.status = 'published'
    }
  } catch (error) {
    if (writer) await writer.abort()
    delete report.version
    report.status = 'failed'
    report.error = error instanceof IngestError || error instanceof StricterEntryError ? error.message : `internal error: ${(error as Error).message}`
  }
  report.timings.finishedAt = new Date().toISOString()
  report.timings.totalMs = Math.round(performance.now() - started)
  return report
}

/**
 * What the new version changes against the one served now (issue 12), kept with it at publication: nothing
 * for a dataset's first version, or when none is served (all withdrawn), there being nothing a reader saw.
 * The ingest lock keeps the current version from changing meanwhile.
 */
async function changesSinceCurrent(store: DatasetStore, datasetId: string, built: ComparedVersion): Promise<ChangeSummary | undefined> {
  const current = (await store.getDataset(datasetId))?.current
  return current ? compareVersions(store, datasetId, current, built) : undefined
}

async function loadRows(
  ctx: IngestContext, entry: CatalogEntry, source: Source, report: IngestReport, writer: VersionWriter,
  desensitise: (row: CoercedRow) => PublicRow,
): Promise<GroupCounter | undefined> {
  const skip = entry.source?.on_error === 'skip'
  const primaryKey = entry.primary_key
  const coercers: Coercer[] = entry.fields.map((f) =>
    compileCoercer(f, { required: f.name === primaryKey, show: (value) => describeValue(value, f) }))
  const names = entry.fields.map((f) => f.name)
  const leakGuard = createLeakGuard(entry.fields)
  const groups = entry.privacy ? createGroupCounter(entry.privacy.quasi_identifiers) : undefined
  const reject = (rejection: Rejection): void => {
    if (!skip) throw new IngestError(`${source.shown}: ${describeRejection(rejection)}`)
    report.rows.rejected++
    if (report.rejections.length < MAX_LISTED_REJECTIONS) report.rejections.push(rejection)
  }

  let columns: number[] | undefined
  let rows: PublicRow[] = []
  let rowNumbers: number[] = []
  let lines: number[] = []
  /** Rejections found while reading the batch being filled, reported with the store's for it, in row order. */
  let found: Rejection[] = []
  /** The batch handed to the store last: the next one is read while the store writes it. */
  let storing: Promise<void> = Promise.resolve()
  const flush = async (): Promise<void> => {
    const batch = { rows, rowNumbers }
    const batchLines = lines
    const batchFound = found
    rows = []
    rowNumbers = []
    lines = []
    found = []
    const stored = writer.insert(batch)
    // the batch before it was written, and its rejections reported, first
    const previous = storing
    storing = (async () => {
      const rejections = await stored
      await previous
      const all = [...batchFound, ...rejections.map((r) => ({ row: batch.rowNumbers[r.index] as number, line: batchLines[r.index] as number, field: r.field, reason: r.reason }))]
      for (const rejection of all.sort((a, b) => a.row - b.row)) reject(rejection)
    })()
    // heard when awaited below; until then, not an unhandled rejection
    storing.catch(() => undefined)
    await previous
  }
  try {
    for await (const batch of readRecords(source.file, report.encoding?.encoding ?? 'utf-8', entry.source?.delimiter ?? ',', ctx.limits)) {
      for (const { fields: record, line } of batch) {
        if (columns === undefined) {
          columns = matchHeader(record, entry.fields, source.shown)
          continue
        }
        const rowNumber = ++report.rows.read
        if (record.length !== columns.length) {
          found.push({ row: rowNumber, line, reason: `expected ${columns.length} columns, found ${record.length}` })
          continue
        }
        const row: CoercedRow = {}
        let invalid = false
        for (let i = 0; i < names.length; i++) {
          const value = (coercers[i] as Coercer)(record[columns[i] as number] as string)
          if (value instanceof Invalid) {
            found.push({ row: rowNumber, line, field: names[i] as string, reason: value.reason })
            invalid = true
            break
          }
          row[names[i] as string] = value
        }
        if (invalid) continue
        const publicRow = desensitise(row)
        leakGuard.scan(publicRow, rowNumber)
        groups?.add(publicRow)
        rows.push(publicRow)
        rowNumbers.push(rowNumber)
        lines.push(line)
      }
      if (found.length > 0 && !skip) {
        // the first bad row ends the ingest: report it (or an earlier one the store finds) now
        await flush()
        await storing
      } else if (rows.length + found.length >= BATCH_ROWS) await flush()
      ctx.onProgress?.(entry.id, report.rows.read)
    }
    if (rows.length || found.length) await flush()
    await storing
  } catch (error) {
    // a rejection of an earlier row, which the store had not reported yet, is the one to tell
    await storing
    if (error instanceof SourceSyntaxError) throw new IngestError(`${source.shown}: ${error.message}`)
    throw error
  }
  if (columns === undefined) throw new IngestError(`${source.shown}: the file is empty; expected a header row`)
  const violations = leakGuard.violations()
  report.leakGuard = { fieldsScanned: [...leakGuard.scannedFields], rowsScanned: leakGuard.rowsScanned(), findings: leakGuard.findings() }
  if (violations.length) throw new IngestError(`leak guard: ${violations.map(formatLeakViolation).join('; ')}`)
  return groups
}

/**
 * SPEC §4.4 on the published (generalised) values: the counter filled while streaming gives the group
 * sizes; rows of groups smaller than k are removed from the version, or the ingest fails. The report
 * gives sizes and row numbers, never the values of a small group (they are what identifies someone).
 */
async function applyKAnonymity(entry: CatalogEntry, groups: GroupCounter, report: IngestReport, writer: VersionWriter): Promise<void> {
  const { quasi_identifiers: columns, k, on_violation: onViolation = 'suppress' } = entry.privacy as NonNullable<CatalogEntry['privacy']>
  const result = groups.result(k)
  report.kAnonymity = {
    k, quasiIdentifiers: columns, onViolation, groups: result.groups, smallestGroupSize: result.smallestGroupSize,
    groupsBelowK: result.violatingGroups, rowsSuppressed: 0, firstRowsSuppressed: [],
  }
  if (result.violatingGroups === 0) return
  if (onViolation === 'fail') {
    throw new IngestError(`k-anonymity: ${result.violatingGroups} group(s) of ${columns.join(', ')} have fewer than k = ${k} rows (${result.violatingRows} rows); the smallest group has ${result.smallestGroupSize} row(s)`)
  }
  const removed = await writer.removeSmallGroups(columns, k)
  report.kAnonymity.rowsSuppressed = removed.length
  report.kAnonymity.firstRowsSuppressed = removed.slice(0, MAX_LISTED_REJECTIONS)
  report.rows.suppressed = removed.length
}
