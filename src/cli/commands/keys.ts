import { issueKey, keyStatus, revokeKey } from '../../access/issue-key.ts'
import { parseKey } from '../../access/keys.ts'
import { KEY_TIERS } from '../../config/tiers.ts'
import { UsageError, type CliCommand } from '../command.ts'
import { formatTable } from '../table.ts'
import { withAccessStore } from '../with-store.ts'

/**
 * `gongkai keys …`: the same store as a running server, so a revocation holds from its next request.
 * `create` prints the key alone on stdout (so that scripts can capture it) and everything else on stderr.
 */
const createKey: CliCommand = {
  name: 'keys create',
  summary: 'issue an API key; it is printed once, alone on stdout',
  options: {
    name: { value: 'NAME', required: true, help: 'who or what the key is for (1 to 100 characters)' },
    tier: { value: KEY_TIERS.join('|'), required: true, help: 'its rate limits and what it may read' },
    expires: { value: 'YYYY-MM-DD', help: 'the last day it works (default: no expiry)' },
  },
  async run({ values }, { config, out }) {
    const { key, token } = await withAccessStore(config, (access) =>
      issueKey(access, { name: values.name as string, tier: values.tier as string, ...(values.expires !== undefined ? { expiresOn: values.expires } : {}) }, Date.now(), '--expires'))
    out.error(`created key ${key.id} "${key.name}" (tier ${key.tier}${key.expiresOn ? `, valid through ${key.expiresOn}` : ', no expiry'})`)
    out.error('the key is shown once, now: store it safely; only its SHA-256 is kept')
    out.log(token)
    return 0
  },
}

const listKeys: CliCommand = {
  name: 'keys list',
  summary: 'every key: id, tier, status, expiry, last use (never a secret)',
  async run(_input, { config, out }) {
    const keys = await withAccessStore(config, (access) => access.listKeys())
    if (!keys.length) {
      out.log('no keys')
      return 0
    }
    out.log(formatTable(
      ['ID', 'TIER', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED', 'NAME'],
      keys.map((k) => [k.id, k.tier, keyStatus(k), k.createdAt.slice(0, 10), k.expiresOn ?? '-', k.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-', k.name]),
    ))
    return 0
  },
}

const KEY_ID = /^[0-9a-f]{16}$/

const revoke: CliCommand = {
  name: 'keys revoke',
  summary: 'revoke a key (the <id> of gk_<id>_…), at once also for a running server',
  operands: { label: 'ID', min: 1, max: 1 },
  async run({ operands }, { config, out }) {
    // Someone revoking a leaked key may paste all of it: revoke it by its id, and never print what was given
    // (a mistyped argument may be a secret too), so that the secret does not spread to terminal logs.
    const given = operands[0] as string
    const whole = parseKey(given)
    const id = whole?.id ?? given
    if (!KEY_ID.test(id)) throw new UsageError('ID must be the 16 hex characters after gk_ in gk_<id>_<secret> (what was given is not repeated here)')
    const key = await withAccessStore(config, (access) => revokeKey(access, id))
    if (whole) out.error('that was the whole key: its id is enough; the secret was not printed or kept anywhere')
    out.log(`revoked key ${key.id} "${key.name}" at ${key.revokedAt}`)
    return 0
  },
}

export const keysCommands: readonly CliCommand[] = [createKey, listKeys, revoke]
