import t from 'tap'
import { loadConfig, parseTrustProxy, type TrustProxy } from '../../src/config/env.ts'
import { ConfigError } from '../../src/config/load.ts'

const ACCEPTED: Array<[string | undefined, TrustProxy]> = [
  [undefined, false],
  ['', false],
  ['false', false],
  ['1', 1],
  ['2', 2],
  ['10.0.0.1', ['10.0.0.1']],
  ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
  ['::1,fd00::/8', ['::1', 'fd00::/8']],
]

const REJECTED: Array<[string, RegExp]> = [
  ['true', /would trust every client/],
  ['0', /hop count must be from 1 to 10, got 0/],
  ['11', /hop count must be from 1 to 10, got 11/],
  ['proxy.example.org', /"proxy\.example\.org" is none of these/],
  ['10.0.0.1;10.0.0.2', /"10\.0\.0\.1;10\.0\.0\.2" is none of these/],
  ['10.0.0.1,', /"" is none of these/],
]

t.test('GONGKAI_TRUST_PROXY: off, a hop count, or proxy addresses', async (t) => {
  for (const [raw, expected] of ACCEPTED) t.same(parseTrustProxy(raw), expected, String(raw))
  for (const [raw, message] of REJECTED) t.throws(() => parseTrustProxy(raw), { constructor: ConfigError, message }, raw)
})

t.test('loadConfig reads it with the rest and fails loudly on a bad value', async (t) => {
  t.same(loadConfig({ GONGKAI_TRUST_PROXY: '127.0.0.1' }, '/srv').trustProxy, ['127.0.0.1'])
  t.equal(loadConfig({}, '/srv').trustProxy, false)
  t.throws(() => loadConfig({ GONGKAI_TRUST_PROXY: 'yes' }, '/srv'), { constructor: ConfigError, message: /GONGKAI_TRUST_PROXY/ })
})

t.test('record limits: 1 MiB fields and 4 MiB records by default, raised together, refused when inconsistent', async (t) => {
  const MiB = 1024 * 1024
  t.same(loadConfig({}, '/srv').recordLimits, { maxFieldBytes: MiB, maxRecordBytes: 4 * MiB })
  t.same(loadConfig({ GONGKAI_MAX_FIELD_BYTES: String(8 * MiB) }, '/srv').recordLimits, { maxFieldBytes: 8 * MiB, maxRecordBytes: 8 * MiB })
  t.same(loadConfig({ GONGKAI_MAX_FIELD_BYTES: '2048', GONGKAI_MAX_RECORD_BYTES: '4096' }, '/srv').recordLimits, { maxFieldBytes: 2048, maxRecordBytes: 4096 })
  t.throws(() => loadConfig({ GONGKAI_MAX_FIELD_BYTES: '1mb' }, '/srv'), { constructor: ConfigError, message: /GONGKAI_MAX_FIELD_BYTES must be a whole number from 1024 to 268435456, got "1mb"/ })
  t.throws(() => loadConfig({ GONGKAI_MAX_RECORD_BYTES: String(2 ** 30) }, '/srv'), { constructor: ConfigError, message: /GONGKAI_MAX_RECORD_BYTES must be a whole number from 1024 to 268435456/ })
  t.throws(() => loadConfig({ GONGKAI_MAX_FIELD_BYTES: '8192', GONGKAI_MAX_RECORD_BYTES: '4096' }, '/srv'), { constructor: ConfigError, message: /GONGKAI_MAX_RECORD_BYTES \(4096\) must be at least GONGKAI_MAX_FIELD_BYTES \(8192\)/ })
})

t.test('GONGKAI_DATABASE_URL and GONGKAI_REDIS_URL: absent means embedded; a wrong scheme or no URL is refused without echoing it', async (t) => {
  const embedded = loadConfig({}, '/srv')
  t.equal(embedded.databaseUrl, undefined)
  t.equal(embedded.redisUrl, undefined)
  const shared = loadConfig({ GONGKAI_DATABASE_URL: 'postgres://gk:pw@db:5432/gongkai', GONGKAI_REDIS_URL: 'redis://cache:6379/0' }, '/srv')
  t.equal(shared.databaseUrl, 'postgres://gk:pw@db:5432/gongkai')
  t.equal(shared.redisUrl, 'redis://cache:6379/0')
  t.equal(loadConfig({ GONGKAI_DATABASE_URL: 'postgresql://db/x' }, '/srv').databaseUrl, 'postgresql://db/x')
  const refused: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ GONGKAI_DATABASE_URL: 'mysql://u:secret@db/x' }, /^GONGKAI_DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/, not mysql:\/\/$/],
    [{ GONGKAI_DATABASE_URL: 'secret@db 5432' }, /^GONGKAI_DATABASE_URL must be a URL such as postgres:\/\/host:port\/…; the value given is not a URL$/],
    [{ GONGKAI_REDIS_URL: 'http://u:secret@cache' }, /^GONGKAI_REDIS_URL must start with redis:\/\/ or rediss:\/\/, not http:\/\/$/],
  ]
  for (const [env, message] of refused) {
    t.throws(() => loadConfig(env, '/srv'), { constructor: ConfigError, message }, Object.keys(env).join())
    try {
      loadConfig(env, '/srv')
    } catch (error) {
      t.notMatch((error as Error).message, /secret/, 'the password is not repeated')
    }
  }
})

t.test('GONGKAI_PSEUDONYM_KEY: at least 16 characters, refused without showing it', async (t) => {
  t.equal(loadConfig({}, '/srv').pseudonymKey, undefined)
  t.equal(loadConfig({ GONGKAI_PSEUDONYM_KEY: '' }, '/srv').pseudonymKey, undefined, 'empty is unset')
  t.equal(loadConfig({ GONGKAI_PSEUDONYM_KEY: 'a-long-enough-secret-key' }, '/srv').pseudonymKey, 'a-long-enough-secret-key')
  t.equal(loadConfig({ GONGKAI_PSEUDONYM_KEY: '密钥密钥密钥密钥密钥密钥密钥密钥' }, '/srv').pseudonymKey?.length, 16, 'characters, not bytes')
  for (const short of ['short-key', '123456789012345', '                     ']) {
    t.throws(() => loadConfig({ GONGKAI_PSEUDONYM_KEY: short }, '/srv'), { constructor: ConfigError, message: /^GONGKAI_PSEUDONYM_KEY is too short: it must hold at least 16 characters$/ }, JSON.stringify(short))
  }
})
