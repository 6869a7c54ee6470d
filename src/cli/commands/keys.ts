import { issueKey, keyStatus, revokeKey } from '../../access/issue-key.ts'
import { KEY_TIERS } from '../../config/tiers.ts'
import type { AccessStore } from '../../store/access-types.ts'
import type { Output } from '../output.ts'
import { runSubcommand } from '../subcommand.ts'
import { formatTable } from '../table.ts'

export const KEYS_USAGE = `usage:
  gongkai keys create --name NAME --tier ${KEY_TIERS.join('|')} [--expires YYYY-MM-DD]
  gongkai keys list
  gongkai keys revoke ID`

/**
 * `gongkai keys …`: the same store as a running server, so a revocation holds from its next request.
 * `create` prints the key alone on stdout (so that scripts can capture it) and everything else on stderr.
 */
export async function keysCommand(access: AccessStore, out: Output, args: readonly string[]): Promise<number> {
  return runSubcommand(args, ['name', 'tier', 'expires'], KEYS_USAGE, out, async ({ action, rest, values }) => {
    if (action === 'create' && rest.length === 0) {
      if (values.name === undefined || values.tier === undefined) {
        out.error(`keys create needs --name and --tier\n\n${KEYS_USAGE}`)
        return 2
      }
      const { key, token } = await issueKey(access, { name: values.name, tier: values.tier, ...(values.expires !== undefined ? { expiresOn: values.expires } : {}) }, Date.now(), '--expires')
      out.error(`created key ${key.id} "${key.name}" (tier ${key.tier}${key.expiresOn ? `, valid through ${key.expiresOn}` : ', no expiry'})`)
      out.error('the key is shown once, now: store it safely; only its SHA-256 is kept')
      out.log(token)
      return 0
    }
    if (action === 'list' && rest.length === 0) {
      const keys = await access.listKeys()
      if (!keys.length) {
        out.log('no keys')
        return 0
      }
      out.log(formatTable(
        ['ID', 'TIER', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED', 'NAME'],
        keys.map((k) => [k.id, k.tier, keyStatus(k), k.createdAt.slice(0, 10), k.expiresOn ?? '-', k.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-', k.name]),
      ))
      return 0
    }
    if (action === 'revoke' && rest.length === 1) {
      const key = await revokeKey(access, rest[0] as string)
      out.log(`revoked key ${key.id} "${key.name}" at ${key.revokedAt}`)
      return 0
    }
    return undefined
  })
}
