import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Where scripts/build-assets.ts writes the portal's scripts and styles (content-hashed names) and their manifest. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/assets/', import.meta.url))
export const ASSETS_PREFIX = '/assets/'
export const MANIFEST_FILE = 'manifest.json'

export interface AssetManifest {
  dir: string
  url(name: string): string
}

/**
 * The built assets, or a message saying how to build them: the portal refuses to start half-styled.
 * The manifest maps a logical name (portal.css, dataset.js) to its hashed file name.
 */
export function loadAssetManifest(dir: string = DEFAULT_ASSETS_DIR): AssetManifest {
  const file = `${dir.replace(/\/$/, '')}/${MANIFEST_FILE}`
  if (!existsSync(file)) throw new Error(`portal assets are not built (no ${file}); run npm run build:assets`)
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
  return {
    dir,
    url(name) {
      const hashed = entries[name]
      if (!hashed) throw new Error(`no built asset ${name} in ${file}; run npm run build:assets`)
      return `${ASSETS_PREFIX}${hashed}`
    },
  }
}
