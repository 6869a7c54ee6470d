/** The query pool's settings from the environment: defaults, and a precise error for a bad value. */
import t from 'tap'
import { loadConfig } from '../../src/config/env.ts'
import { ConfigError } from '../../src/config/load.ts'

t.test('GONGKAI_QUERY_QUEUE and GONGKAI_QUERY_PER_CALLER', async (t) => {
  const defaults = loadConfig({}, '/srv')
  t.same([defaults.queryQueue, defaults.queryPerCaller], [32, 4], 'a line of 32, 4 at once per caller')
  const set = loadConfig({ GONGKAI_QUERY_QUEUE: '100', GONGKAI_QUERY_PER_CALLER: '8' }, '/srv')
  t.same([set.queryQueue, set.queryPerCaller], [100, 8])
  const rejected: Array<[Record<string, string>, RegExp]> = [
    [{ GONGKAI_QUERY_QUEUE: '0' }, /^GONGKAI_QUERY_QUEUE must be a whole number from 1 to 10000, got 0$/],
    [{ GONGKAI_QUERY_QUEUE: 'lots' }, /^GONGKAI_QUERY_QUEUE must be a whole number from 1 to 10000, got "lots"$/],
    [{ GONGKAI_QUERY_PER_CALLER: '0' }, /^GONGKAI_QUERY_PER_CALLER must be a whole number from 1 to 1000, got 0$/],
    [{ GONGKAI_QUERY_PER_CALLER: '2.5' }, /^GONGKAI_QUERY_PER_CALLER must be a whole number from 1 to 1000, got "2.5"$/],
  ]
  for (const [env, message] of rejected) t.throws(() => loadConfig(env, '/srv'), { constructor: ConfigError, message }, JSON.stringify(env))
})
