/**
 * The platform as a visitor meets it: the committed sample catalog (catalog/) and sources
 * (datasets/) ingested by the CLI into a data dir of its own, served by the real app with the
 * portal and the access store. Used by `npm run bench -- portal` and `npm run screenshots`.
 * Limits are raised out of the way: one machine asks everything, and the benchmark measures pages,
 * not the rate limiter's 429s.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_ASSETS_DIR, MANIFEST_FILE } from '../src/portal/assets.ts'
import { loadCatalog } from '../src/catalog/load.ts'
import { runCli } from '../src/cli/main.ts'
import { loadHolidays } from '../src/config/holidays.ts'
import { uniformTiers } from '../src/config/tiers.ts'
import { buildApp } from '../src/server/app.ts'
import { openAccessStore, openStore } from '../src/store/open.ts'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const SAMPLE_CATALOG = path.join(ROOT, 'catalog')
export const SAMPLE_DATASETS = path.join(ROOT, 'datasets')

/**
 * A private copy of the built assets (dist/assets, built first when absent): others rebuilding
 * dist/assets meanwhile (the build empties it first) cannot take files away mid-run. Retries
 * while a concurrent build is half-way.
 */
export function snapshotAssets(into: string): string {
  const manifestOf = (dir: string) => path.join(dir, MANIFEST_FILE)
  if (!fs.existsSync(manifestOf(DEFAULT_ASSETS_DIR))) {
    const built = spawnSync('npm', ['run', '--silent', 'build:assets'], { cwd: ROOT, stdio: 'inherit' })
    if (built.status !== 0) throw new Error('npm run build:assets failed')
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    fs.rmSync(into, { recursive: true, force: true })
    try {
      fs.cpSync(DEFAULT_ASSETS_DIR, into, { recursive: true })
      const manifest = JSON.parse(fs.readFileSync(manifestOf(into), 'utf8')) as Record<string, string>
      if (Object.values(manifest).every((file) => fs.existsSync(path.join(into, file)))) return into
    } catch {
      // a build is emptying or writing dist/assets: try again
    }
    spawnSync('sleep', ['0.5'])
  }
  throw new Error(`could not copy a complete ${DEFAULT_ASSETS_DIR}; run npm run build:assets`)
}

export interface SamplePlatform {
  app: FastifyInstance
  dataDir: string
  close(): Promise<void>
}

/** Every sample dataset ingested into dataDir, or into a fresh temporary dir; returns the dir. */
export async function ingestSamples(dataDir?: string, log: (line: string) => void = () => {}): Promise<string> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-portal-'))
  const env = {
    ...process.env,
    GONGKAI_CATALOG_DIR: SAMPLE_CATALOG,
    GONGKAI_DATASETS_DIR: SAMPLE_DATASETS,
    GONGKAI_DATA_DIR: dir,
    GONGKAI_PSEUDONYM_KEY: 'portal-benchmark-pseudonym-key-not-secret',
  }
  const code = await runCli(['ingest'], { log, error: (line: string) => console.error(line) }, env)
  if (code !== 0) throw new Error(`ingest of the sample catalog failed (exit ${code})`)
  return dir
}

/**
 * The real app with the portal over an ingested data dir (ingestSamples), its assets from assetsDir
 * (snapshotAssets; dist/assets unless given); close() removes the data dir when asked to.
 */
export async function openSamplePlatform(dataDir: string, removeOnClose = false, assetsDir?: string): Promise<SamplePlatform> {
  const store = openStore({ dataDir, keepVersions: 3, queryWorkers: 2, queryBudgetMs: 2000, queryQueue: 64, queryPerCaller: 1000 })
  const access = openAccessStore({ dataDir })
  await store.warmUp()
  const { themes } = await loadCatalog(SAMPLE_CATALOG)
  const app = await buildApp({
    store,
    access,
    tiers: uniformTiers(100_000_000),
    calendar: loadHolidays({}, SAMPLE_CATALOG),
    portal: { themes, ...(assetsDir ? { assetsDir } : {}) },
  })
  await app.ready()
  return {
    app,
    dataDir,
    async close() {
      await app.close()
      await store.close()
      await access.close()
      if (removeOnClose) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
