import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { ConfigError } from '../../src/config/load.ts'
import { applyTiersFile, DEFAULT_TIERS, loadTiers } from '../../src/config/tiers.ts'
import { runCli } from '../../src/cli/main.ts'
import { makeFixture } from '../helpers/fixture.ts'

t.test('the defaults of SPEC §6.3', async (t) => {
  t.same(DEFAULT_TIERS.tiers.anonymous, { requestsPerMinute: 60, downloadsPerHour: 20 })
  t.same(DEFAULT_TIERS.tiers.registered, { requestsPerMinute: 1200, downloadsPerHour: 200 })
  t.same(DEFAULT_TIERS.tiers.partner, { requestsPerMinute: 12000, downloadsPerHour: 2000 })
  t.ok(DEFAULT_TIERS.tiers.admin.requestsPerMinute >= DEFAULT_TIERS.tiers.partner.requestsPerMinute)
  t.ok(DEFAULT_TIERS.failedAuthPerMinute < DEFAULT_TIERS.tiers.anonymous.requestsPerMinute, 'failed authentication is stricter than anonymous')
  t.equal(loadTiers({}), DEFAULT_TIERS)
})

t.test('a tiers file overrides what it names', async (t) => {
  const dir = t.testdir({ 'tiers.yaml': 'tiers:\n  registered: { requests_per_minute: 200 }\n  anonymous: { downloads_per_hour: 5 }\nfailed_auth_per_minute: 3\n' })
  const table = loadTiers({ GONGKAI_TIERS_FILE: 'tiers.yaml' }, dir)
  t.same(table.tiers.registered, { requestsPerMinute: 200, downloadsPerHour: 200 })
  t.same(table.tiers.anonymous, { requestsPerMinute: 60, downloadsPerHour: 5 })
  t.same(table.tiers.partner, DEFAULT_TIERS.tiers.partner)
  t.equal(table.failedAuthPerMinute, 3)
})

t.test('a bad tiers file stops the start, naming every problem', async (t) => {
  const bad: Array<[unknown, RegExp]> = [
    [{ tiers: { gold: { requests_per_minute: 1 } } }, /tiers\.gold: unknown property/],
    [{ tiers: { registered: { requests_per_minute: -1 } } }, /tiers\.registered\.requests_per_minute: expected integer to be greater or equal to 0/],
    [{ tiers: { registered: { requests_per_minute: 1.5, downloads_per_hour: 'many' } } }, /requests_per_minute: expected integer.*downloads_per_hour: expected integer/],
    [{ tiers: { registered: { per_minute: 5 } } }, /unknown property/],
    [{ burst: 5 }, /unknown property/],
    [[1, 2], /expected object/],
  ]
  for (const [value, message] of bad) t.throws(() => applyTiersFile('t.yaml', value), { constructor: ConfigError, message }, JSON.stringify(value))
  const dir = t.testdir({ 'broken.yaml': 'tiers: [' })
  t.throws(() => loadTiers({ GONGKAI_TIERS_FILE: 'broken.yaml' }, dir), { message: /YAML syntax error/ })
  t.throws(() => loadTiers({ GONGKAI_TIERS_FILE: 'missing.yaml' }, dir), { message: /GONGKAI_TIERS_FILE: cannot read/ })

})

t.test('gongkai start refuses to run with a bad tiers file', async (t) => {
  const fx = makeFixture(t)
  fs.writeFileSync(path.join(fx.root, 'tiers.yaml'), 'tiers:\n  partner: { requests_per_minute: lots }\n')
  const out: string[] = []
  const code = await runCli(['start'], { log: (l) => out.push(l), error: (l) => out.push(l) }, { ...fx.env, GONGKAI_TIERS_FILE: path.join(fx.root, 'tiers.yaml') })
  t.equal(code, 2, 'gongkai start refuses to run')
  t.match(out.join('\n'), /^configuration error: .*tiers\.yaml: tiers\.partner\.requests_per_minute: expected integer$/)
})
