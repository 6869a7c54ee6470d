/** SPEC §6.3: only a SHA-256 of each secret is stored. Every table and every stored byte is searched. */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { METADATA_FILE } from '../../src/store/sqlite/migrations.ts'
import { makePlatform, UNLIMITED, daysFromToday } from '../helpers/access-platform.ts'

/** Every substring of 16 characters: finding any of them would mean part of a secret was kept. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 15 }, (_, i) => secret.slice(i, i + 16))
}

t.test('no key secret, nor any part of one, is in the database', async (t) => {
  const p = await makePlatform(t, { tiers: UNLIMITED })
  const tokens: string[] = []
  const cli = await p.fx.cli('keys', 'create', '--name', 'cli key', '--tier', 'admin', '--expires', daysFromToday(10))
  tokens.push(cli.stdout.trim())
  const http = await p.app.inject({ method: 'POST', url: '/api/v1/admin/keys', headers: p.auth(tokens[0] as string), payload: { name: 'http key', tier: 'partner' } })
  tokens.push(http.json().key)
  const granted = await p.grantedKey(['g3'])
  tokens.push(granted.token, (await p.key()).token, (await p.expiredKey()).token)
  // use every key, so that last_used_at, the audit log and the request paths have all run
  for (const token of tokens) {
    await p.app.inject({ url: '/api/v1/datasets/g3/rows', headers: p.auth(token) })
    await p.app.inject({ url: '/api/v1/me', headers: { 'x-api-key': token } })
    await p.app.inject(`/api/v1/datasets/g1/rows?api_key=${token}`)
  }
  await p.fx.cli('keys', 'revoke', (tokens[3] as string).split('_')[1] as string)
  await p.fx.cli('keys', 'list')
  const secrets = tokens.map((token) => {
    t.match(token, /^gk_[0-9a-f]{16}_[0-9a-f]{64}$/)
    return token.split('_')[2] as string
  })

  const db = new Database(path.join(p.fx.config.dataDir, METADATA_FILE), { readonly: true })
  t.teardown(() => db.close())
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
  t.ok(['api_keys', 'applications', 'grants', 'audit_log', 'datasets', 'versions'].every((n) => tables.includes(n)), tables.join(', '))
  let cells = 0
  const found: string[] = []
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]) {
      for (const cell of row) {
        cells++
        const text = Buffer.isBuffer(cell) ? cell.toString('latin1') : String(cell)
        for (const secret of secrets) if (pieces(secret).some((piece) => text.includes(piece))) found.push(`${table}: ${text.slice(0, 40)}…`)
      }
    }
  }
  t.ok(cells > 100, `${cells} cells in ${tables.length} tables read`)
  t.same(found, [], 'no secret in any cell')

  const digests = db.prepare('SELECT secret_sha256 FROM api_keys').pluck().all() as string[]
  t.same(secrets.map((s) => crypto.createHash('sha256').update(s).digest('hex')).sort(), [...digests].sort(), 'what is stored is the SHA-256 of each secret')

  // the files themselves, write-ahead log included, in case a value lingers outside the live rows
  const files = fs.readdirSync(p.fx.config.dataDir).filter((f) => f.startsWith(METADATA_FILE)).map((f) => path.join(p.fx.config.dataDir, f))
  t.ok(files.length >= 1)
  for (const file of files) {
    const bytes = fs.readFileSync(file).toString('latin1')
    for (const secret of secrets) t.notOk(pieces(secret).some((piece) => bytes.includes(piece)), `${path.basename(file)}: no part of a secret`)
  }
})
