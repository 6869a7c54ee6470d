import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { BOM_CSV_FILE } from './formats.ts'
import { createHashedFile } from './hashed-file.ts'
import type { FileDigest } from './manifest.ts'

/**
 * The CSV with a UTF-8 byte order mark, for Excel (which otherwise reads UTF-8 as the local ANSI
 * code page and garbles Chinese). Made from the version's CSV on first request and kept beside it,
 * so it is served from disk with its own size, SHA-256 and ranges like the others. Written to a
 * temporary name and renamed into place: a concurrent or crashed first request never leaves a
 * partial file under the real name. The digest goes to a sidecar renamed in *before* the file, so
 * whoever sees the file also finds its digest.
 */
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const SIDECAR_SUFFIX = '.json'

const building = new Map<string, Promise<FileDigest>>()

function readDigest(file: string): FileDigest | undefined {
  if (!fs.existsSync(file)) return undefined
  try {
    return JSON.parse(fs.readFileSync(`${file}${SIDECAR_SUFFIX}`, 'utf8')) as FileDigest
  } catch {
    return undefined
  }
}

async function build(csvFile: string, target: string): Promise<FileDigest> {
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  const out = createHashedFile(temporary)
  try {
    await out.write(BOM)
    for await (const chunk of fs.createReadStream(csvFile, { highWaterMark: 1 << 20 })) await out.write(chunk as Buffer)
    const digest = await out.close()
    const sidecar = `${target}${SIDECAR_SUFFIX}`
    fs.writeFileSync(`${sidecar}.${path.basename(temporary)}`, JSON.stringify(digest))
    fs.renameSync(`${sidecar}.${path.basename(temporary)}`, sidecar)
    fs.renameSync(temporary, target)
    return digest
  } catch (error) {
    out.destroy()
    fs.rmSync(temporary, { force: true })
    throw error
  }
}

/** The BOM variant of `csvFile` (same directory), made once. */
export async function bomCsv(csvFile: string): Promise<{ file: string } & FileDigest> {
  const file = path.join(path.dirname(csvFile), BOM_CSV_FILE)
  const existing = readDigest(file)
  if (existing) return { file, ...existing }
  let pending = building.get(file)
  if (!pending) {
    pending = build(csvFile, file).finally(() => building.delete(file))
    building.set(file, pending)
  }
  return { file, ...(await pending) }
}
