/** The one way settings are read: a file named by a variable (or a default file), its YAML, its schema. */
import path from 'node:path'
import t from 'tap'
import { Type } from '@sinclair/typebox'
import { loadConfig } from '../../src/config/env.ts'
import { DEFAULT_TIERS } from '../../src/config/tiers.ts'
import { WEEKENDS_ONLY } from '../../src/config/holidays.ts'
import { checkSettings, ConfigError, parseSettingsYaml, readSettingsFile } from '../../src/config/load.ts'

const Limits = Type.Object(
  { name: Type.String(), per_minute: Type.Optional(Type.Integer({ minimum: 0 })), mode: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')], { errorMessage: 'expected a or b' })) },
  { additionalProperties: false },
)

t.test('checkSettings names the file, the place and what was expected, for every problem', async (t) => {
  t.same(checkSettings('f.yaml', { name: 'x', per_minute: 3 }, Limits), { name: 'x', per_minute: 3 })
  const refused: Array<[unknown, RegExp]> = [
    [{ per_minute: 3 }, /^f\.yaml: name: is required$/],
    [{ name: 'x', colour: 'red' }, /^f\.yaml: colour: unknown property$/],
    [{ name: 'x', per_minute: -1 }, /^f\.yaml: per_minute: expected integer to be greater or equal to 0$/],
    [{ name: 'x', mode: 'c' }, /^f\.yaml: mode: expected a or b \(got "c"\)$/],
    [{ name: 1, per_minute: 'lots' }, /^f\.yaml: name: expected string; per_minute: expected integer$/],
    [[1], /^f\.yaml: \(top\): expected object$/],
  ]
  for (const [value, message] of refused) t.throws(() => checkSettings('f.yaml', value, Limits), { constructor: ConfigError, message }, JSON.stringify(value))
})

t.test('parseSettingsYaml: an empty file is an empty mapping, a syntax error names the file', async (t) => {
  t.same(parseSettingsYaml('f.yaml', ''), {})
  t.same(parseSettingsYaml('f.yaml', 'name: x\n'), { name: 'x' })
  t.throws(() => parseSettingsYaml('f.yaml', 'name: [x'), { constructor: ConfigError, message: /^f\.yaml: YAML syntax error: / })
  t.throws(() => parseSettingsYaml('f.yaml', 'name: x\nname: y\n'), { constructor: ConfigError, message: /^f\.yaml: YAML syntax error: Map keys must be unique/ })
})

t.test('readSettingsFile: the named file must be readable; a default file may be absent', async (t) => {
  const dir = t.testdir({ 'named.yaml': 'a: 1\n', 'default.yaml': 'b: 2\n' })
  t.same(readSettingsFile({ SETTINGS: 'named.yaml' }, 'SETTINGS', dir, path.join(dir, 'default.yaml')), { file: path.join(dir, 'named.yaml'), text: 'a: 1\n' }, 'the variable wins')
  t.same(readSettingsFile({}, 'SETTINGS', dir, path.join(dir, 'default.yaml')), { file: path.join(dir, 'default.yaml'), text: 'b: 2\n' })
  t.equal(readSettingsFile({}, 'SETTINGS', dir, path.join(dir, 'absent.yaml')), undefined)
  t.equal(readSettingsFile({}, 'SETTINGS', dir), undefined)
  t.throws(() => readSettingsFile({ SETTINGS: 'absent.yaml' }, 'SETTINGS', dir), { constructor: ConfigError, message: /^SETTINGS: cannot read .*absent\.yaml: ENOENT/ })
})

t.test('loadConfig reads the tiers and holiday files with the variables', async (t) => {
  const dir = t.testdir({ catalog: { '_holidays.yaml': 'holidays: [2026-10-01]\n' }, 'tiers.yaml': 'failed_auth_per_minute: 3\n', 'bad-tiers.yaml': 'failed_auth: 3\n' })
  const plain = loadConfig({}, path.join(dir, 'nowhere'))
  t.equal(plain.tiers, DEFAULT_TIERS)
  t.equal(plain.calendar, WEEKENDS_ONLY)
  const set = loadConfig({ GONGKAI_CATALOG_DIR: 'catalog', GONGKAI_TIERS_FILE: 'tiers.yaml' }, dir)
  t.equal(set.tiers.failedAuthPerMinute, 3)
  t.same([...set.calendar.holidays], ['2026-10-01'])
  t.throws(() => loadConfig({ GONGKAI_TIERS_FILE: 'bad-tiers.yaml' }, dir), { constructor: ConfigError, message: /bad-tiers\.yaml: failed_auth: unknown property$/ })
})
