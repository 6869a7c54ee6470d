import t from 'tap'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PSEUDONYM_KEY_FILE, loadPseudonymKey } from '../../src/desensitise/pseudonym-key.ts'

const mode = (p: string): number => statSync(p).mode & 0o777

t.test('generated once into the data dir, mode 0600, stable', async (t) => {
  const root = t.testdir({})
  const dataDir = join(root, 'nested', 'data')
  const k1 = loadPseudonymKey(dataDir)
  const file = join(dataDir, PSEUDONYM_KEY_FILE)
  t.ok(existsSync(file), 'created, with its directory')
  t.equal(k1.length, 32, '32 random bytes')
  t.equal(mode(file), 0o600)
  t.match(readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/)
  const k2 = loadPseudonymKey(dataDir)
  t.ok(k1.equals(k2), 'stable across calls')
  t.ok(loadPseudonymKey(dataDir, '').equals(k1), 'an empty setting counts as unset')
  const other = loadPseudonymKey(join(root, 'other'))
  t.notOk(other.equals(k1), 'another data dir, another key')
})

t.test('loose permissions are tightened', async (t) => {
  const dir = t.testdir({ [PSEUDONYM_KEY_FILE]: `${'ab'.repeat(32)}\n` })
  const file = join(dir, PSEUDONYM_KEY_FILE)
  chmodSync(file, 0o644)
  const k = loadPseudonymKey(dir)
  t.equal(k.toString('hex'), 'ab'.repeat(32), 'an existing key is used, not replaced')
  t.equal(mode(file), 0o600)
})

t.test('the configured key wins', async (t) => {
  const dir = t.testdir({})
  const secret = 'a-long-enough-secret-key'
  const k = loadPseudonymKey(dir, secret)
  t.ok(k.equals(Buffer.from(secret, 'utf8')))
  t.notOk(existsSync(join(dir, PSEUDONYM_KEY_FILE)), 'no file written')
  t.ok(loadPseudonymKey(dir, '密钥密钥密钥密钥密钥密钥密钥密钥').length > 16, 'its UTF-8 bytes')
})

t.test('a malformed key file is an error, not replaced', async (t) => {
  const content = 'not-a-key-but-a-secret'
  const dir = t.testdir({ [PSEUDONYM_KEY_FILE]: content })
  let message = ''
  try {
    loadPseudonymKey(dir)
  } catch (e) {
    message = (e as Error).message
  }
  t.match(message, /is not a valid pseudonym key file/)
  t.notOk(message.includes(content), 'the content is not in the message')
  t.equal(readFileSync(join(dir, PSEUDONYM_KEY_FILE), 'utf8'), content, 'left as it was')
})

t.test('an empty key file (a concurrent writer) is waited for, then refused', async (t) => {
  const dir = t.testdir({ [PSEUDONYM_KEY_FILE]: '' })
  const fs = await import('node:fs')
  let reads = 0
  const mocked = await t.mockImport<typeof import('../../src/desensitise/pseudonym-key.ts')>(
    '../../src/desensitise/pseudonym-key.ts',
    {
      'node:fs': {
        ...fs,
        readFileSync: (...args: Parameters<typeof fs.readFileSync>) => {
          reads++
          return fs.readFileSync(...args)
        },
      },
    },
  )
  t.throws(() => mocked.loadPseudonymKey(dir), /is not a valid pseudonym key file/)
  // counted, not timed: a busy machine makes the waits longer, never fewer
  t.equal(reads, 11, 'read once, then retried ten times')
})

t.test('other file system errors propagate', async (t) => {
  const dir = t.testdir({ 'a-file': 'x' })
  t.throws(() => loadPseudonymKey(join(dir, 'a-file')), /EEXIST|ENOTDIR/, 'data dir is a file')
  const fs = await import('node:fs')
  const mocked = await t.mockImport<typeof import('../../src/desensitise/pseudonym-key.ts')>(
    '../../src/desensitise/pseudonym-key.ts',
    {
      'node:fs': {
        ...fs,
        writeFileSync: () => {
          throw Object.assign(new Error('EIO: i/o error, open'), { code: 'EIO' })
        },
      },
    },
  )
  t.throws(() => mocked.loadPseudonymKey(t.testdir({})), /EIO/)
})

t.test('a key written by a concurrent process while we wait is used', async (t) => {
  const dir = t.testdir({ [PSEUDONYM_KEY_FILE]: '' })
  const fs = await import('node:fs')
  let reads = 0
  const mocked = await t.mockImport<typeof import('../../src/desensitise/pseudonym-key.ts')>(
    '../../src/desensitise/pseudonym-key.ts',
    {
      'node:fs': {
        ...fs,
        readFileSync: (...args: Parameters<typeof fs.readFileSync>) => {
          reads++
          return reads < 3 ? '' : `${'cd'.repeat(32)}\n`
        },
      },
    },
  )
  t.equal(mocked.loadPseudonymKey(dir).toString('hex'), 'cd'.repeat(32))
  t.equal(reads, 3)
})
