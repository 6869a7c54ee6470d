/**
 * Regenerates the sample catalog (catalog/*.yaml) and its synthetic source files (datasets/*.csv)
 * deterministically from a fixed seed: running it twice gives byte-identical files.
 *
 *   npm run samples                              # into the repository
 *   npx tsx scripts/generate-samples.ts --out DIR  # into DIR/catalog and DIR/datasets
 *
 * The data is synthetic: no real people. Edit the builders in scripts/samples/, not the output.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { catalogYaml, themesYaml } from './lib/catalog.ts'
import { buildAdminPenalties } from './samples/admin-penalties.ts'
import { buildAirQuality } from './samples/air-quality-daily.ts'
import { buildBusLines } from './samples/bus-lines.ts'
import type { SampleBuilder, SampleDataset } from './samples/common.ts'
import { buildEnterpriseRegistrations } from './samples/enterprise-registrations.ts'
import { buildHousingSubsidy } from './samples/housing-subsidy-applicants.ts'
import { buildMedicalInstitutions } from './samples/medical-institutions.ts'
import { buildParks } from './samples/parks.ts'
import { buildPoliceCaseRecords } from './samples/police-case-records.ts'
import { buildSchoolDirectory } from './samples/school-directory.ts'
import { buildSocialAssistance } from './samples/social-assistance-recipients.ts'
import { buildTrafficViolations } from './samples/traffic-violations.ts'
import { Rng } from './synth/random.ts'

/** The fixed seed of the committed sample catalog. */
export const SAMPLE_SEED = 'gongkai-samples-2024'

/** Largest allowed source file, in data rows. */
export const MAX_ROWS = 5000

/** Dataset id → builder. Each builder gets its own random stream (forked by id). */
export const BUILDERS: readonly (readonly [string, SampleBuilder])[] = [
  ['admin-penalties', buildAdminPenalties],
  ['air-quality-daily', buildAirQuality],
  ['bus-lines', buildBusLines],
  ['school-directory', buildSchoolDirectory],
  ['enterprise-registrations', buildEnterpriseRegistrations],
  ['medical-institutions', buildMedicalInstitutions],
  ['social-assistance-recipients', buildSocialAssistance],
  ['housing-subsidy-applicants', buildHousingSubsidy],
  ['police-case-records', buildPoliceCaseRecords],
  ['parks', buildParks],
  ['traffic-violations', buildTrafficViolations],
]

export interface GeneratedFile {
  /** Path relative to the output root, with forward slashes (catalog/x.yaml, datasets/x.csv). */
  readonly path: string
  readonly bytes: Buffer
}

export interface SampleSet {
  readonly datasets: readonly SampleDataset[]
  readonly files: readonly GeneratedFile[]
}

const LOOSEST_OPEN = { 1: 'unconditional', 2: 'unconditional', 3: 'conditional', 4: 'closed' } as const
const OPEN_RANK = { unconditional: 0, conditional: 1, closed: 2 } as const

function check(ds: SampleDataset, id: string): void {
  const e = ds.entry
  if (e.id !== id) throw new Error(`${id}: builder returned id ${e.id}`)
  if (OPEN_RANK[e.open] < OPEN_RANK[LOOSEST_OPEN[e.grade]]) throw new Error(`${id}: open ${e.open} is looser than grade ${e.grade} allows`)
  if (!e.source !== !ds.file) throw new Error(`${id}: source and file must come together`)
  if (!e.source && e.open !== 'closed') throw new Error(`${id}: only closed datasets may omit source`)
  if (ds.rows > MAX_ROWS) throw new Error(`${id}: ${ds.rows} rows, more than ${MAX_ROWS}`)
  if (e.source && ds.file && e.source.path !== ds.file.name) throw new Error(`${id}: source.path ${e.source.path} ≠ ${ds.file.name}`)
  for (const f of e.fields) {
    if (f.pii && f.pii !== 'none' && (f.rule === undefined || f.rule === 'keep')) throw new Error(`${id}: personal field ${f.name} has no desensitising rule`)
  }
}

/** Builds every sample dataset and file in memory. */
export function buildSamples(seed: string = SAMPLE_SEED): SampleSet {
  const root = new Rng(seed)
  const datasets: SampleDataset[] = []
  const files: GeneratedFile[] = [{ path: 'catalog/_themes.yaml', bytes: Buffer.from(themesYaml(), 'utf8') }]
  for (const [id, build] of BUILDERS) {
    const ds = build(root.fork(id))
    check(ds, id)
    datasets.push(ds)
    files.push({ path: `catalog/${id}.yaml`, bytes: Buffer.from(catalogYaml(ds.entry), 'utf8') })
    if (ds.file) files.push({ path: `datasets/${ds.file.name}`, bytes: ds.file.bytes })
  }
  return { datasets, files }
}

/** The repository root (parent of scripts/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface GenerateOptions {
  /** Output root; catalog/ and datasets/ are written under it. Default: the repository root. */
  root?: string
  seed?: string
  /** Print a summary to stdout. */
  log?: boolean
}

export interface GenerateResult extends SampleSet {
  readonly root: string
  /** *.yaml in catalog/ and *.csv in datasets/ that this run did not write (left in place). */
  readonly stale: readonly string[]
}

/** Writes the sample catalog and source files under `root`. */
export async function generateSamples(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const root = resolve(opts.root ?? REPO_ROOT)
  const set = buildSamples(opts.seed)
  await mkdir(join(root, 'catalog'), { recursive: true })
  await mkdir(join(root, 'datasets'), { recursive: true })
  for (const f of set.files) await writeFile(join(root, f.path), f.bytes)
  const written = new Set(set.files.map((f) => f.path))
  const stale: string[] = []
  for (const [dir, ext] of [['catalog', '.yaml'], ['datasets', '.csv']] as const) {
    for (const name of (await readdir(join(root, dir))).sort()) {
      // files starting with _ hold shared settings kept by hand (e.g. _holidays.yaml), not datasets
      if (name.endsWith(ext) && !name.startsWith('_') && !written.has(`${dir}/${name}`)) stale.push(`${dir}/${name}`)
    }
  }
  if (opts.log) {
    for (const ds of set.datasets) {
      const e = ds.entry
      console.log(`${e.id.padEnd(30)} grade ${e.grade} ${e.open.padEnd(13)} ${e.theme} ${e.source ? `${ds.rows} rows, ${e.source.encoding}` : 'metadata only'}`)
    }
    console.log(`wrote ${set.files.length} files under ${root}`)
    for (const s of stale) console.warn(`warning: ${s} was not generated by this script (stale?)`)
  }
  return { ...set, root, stale }
}

function parseArgs(argv: readonly string[]): GenerateOptions {
  const opts: GenerateOptions = { log: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a === '--out' || a === '-o') opts.root = argv[++i]
    else if (a.startsWith('--out=')) opts.root = a.slice(6)
    else if (a === '--seed') opts.seed = argv[++i]
    else if (a === '--help' || a === '-h') {
      console.log('usage: tsx scripts/generate-samples.ts [--out DIR] [--seed SEED]')
      process.exit(0)
    } else if (!a.startsWith('-') && opts.root === undefined) opts.root = a
    else throw new Error(`unknown argument ${a}`)
  }
  return opts
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await generateSamples(parseArgs(process.argv.slice(2)))
}
