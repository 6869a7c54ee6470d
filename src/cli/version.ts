import fs from 'node:fs'

/** The version in package.json, read where the sources are (the CLI runs from source, there is no build). */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}
