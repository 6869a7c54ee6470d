import dns from 'node:dns'
import net from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * Where a webhook may be sent. A subscriber names any URL, and the server then makes requests to it from
 * inside the operator's network: without a guard, `http://169.254.169.254/…` or `http://10.0.0.5:6379/` would
 * make the server a proxy into it (SSRF). So the target's host is resolved and every address it resolves to
 * must be public unicast, by ipaddr.js's ranges (loopback, private, link-local, unique-local, CGNAT,
 * multicast, unspecified, reserved, and their IPv4-mapped, 6to4 and NAT64 forms are all refused). It is checked
 * when the subscription is made and again before every attempt (DNS answers change), and the attempt connects
 * to the very address that was checked (pinnedLookup), so that a second lookup cannot answer otherwise
 * (DNS rebinding). GONGKAI_WEBHOOK_ALLOW_PRIVATE=true lifts the address check (tests, on-premises receivers).
 *
 * URLs are http or https, without credentials or a fragment; https is required unless private targets are
 * allowed: deliveries carry a signature and its timestamp, and a receiver on the internet deserves to know
 * who sent what it reads.
 */
export const MAX_URL_LENGTH = 2048

/** Why a URL cannot be a webhook target: said to its owner as a 400 at subscription, kept in the delivery log at delivery. */
export class TargetRefused extends Error {}

export function parseTargetUrl(raw: string, allowPrivate: boolean): URL {
  if (raw.length > MAX_URL_LENGTH) throw new TargetRefused(`must be at most ${MAX_URL_LENGTH} characters`)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new TargetRefused('is not an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused(`must be an https URL, not ${url.protocol}`)
  if (url.protocol === 'http:' && !allowPrivate) throw new TargetRefused('must be an https URL (plain http only with GONGKAI_WEBHOOK_ALLOW_PRIVATE=true)')
  if (url.username || url.password) throw new TargetRefused('must not hold a user name or password: verify the webhook-signature header instead')
  if (url.hash) throw new TargetRefused('must not have a fragment (#…): it is never sent')
  return url
}

export interface ResolvedAddress {
  address: string
  family: number
}

export type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>

/** Every address of the name, as the system resolver gives them (hosts file included). */
export const resolveAll: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true })

export interface Target {
  url: URL
  /** The address checked, which the attempt connects to. */
  address: string
  family: 4 | 6
}

/** ipaddr.js's name for the range of an address, IPv4-mapped IPv6 read as the IPv4 address it maps: `unicast` is public. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range()
}

/** The URL's host resolved, every address public unless private ones are allowed; the first is the one to connect to. */
export async function checkTarget(url: URL, allowPrivate: boolean, resolve: Resolve = resolveAll): Promise<Target> {
  // an IPv6 literal is written in brackets in a URL
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: readonly ResolvedAddress[]
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }]
  else {
    try {
      addresses = await resolve(host)
    } catch (error) {
      throw new TargetRefused(`host ${host} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'no address'})`)
    }
  }
  const first = addresses[0]
  if (!first) throw new TargetRefused(`host ${host} cannot be resolved (no address)`)
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const range = addressRange(address)
      if (range !== 'unicast') throw new TargetRefused(`host ${host} resolves to ${address} (${range}): only public addresses may receive webhooks`)
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 }
}

/** A lookup for http.request that answers with the checked address whatever it is asked, in either callback form. */
export function pinnedLookup(target: Target): net.LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
}
