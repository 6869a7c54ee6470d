/**
 * The visitor's API key lives in sessionStorage only: never a cookie (it would travel with every
 * request, to every page) and never a URL (it would land in logs and histories). Closing the tab
 * forgets it; "forget key" does so at once.
 */
const KEY_ITEM = 'gongkai.apiKey'
const KEY_SHAPE = /^gk_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/

export function savedKey(): string | undefined {
  try {
    return sessionStorage.getItem(KEY_ITEM) ?? undefined
  } catch {
    return undefined
  }
}

/** Stores a key that looks like one (gk_<id>_<secret>); returns false, storing nothing, otherwise. */
export function saveKey(key: string): boolean {
  const trimmed = key.trim()
  if (!KEY_SHAPE.test(trimmed)) return false
  sessionStorage.setItem(KEY_ITEM, trimmed)
  return true
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY_ITEM)
}

/** A request to this server's API, with the saved key as a Bearer token when there is one. */
export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const key = savedKey()
  if (key) headers.set('authorization', `Bearer ${key}`)
  if (!headers.has('accept')) headers.set('accept', 'application/json')
  return fetch(path, { ...init, headers })
}

/** The detail of an RFC 9457 problem answer, or the status line. */
export async function problemDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown; title?: unknown }
    if (typeof body.detail === 'string') return body.detail
    if (typeof body.title === 'string') return body.title
  } catch {
    // not JSON: the status says enough
  }
  return `${response.status} ${response.statusText}`
}
