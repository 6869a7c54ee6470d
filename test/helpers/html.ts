/**
 * A small reader of the portal's HTML, for tests of pages through app.inject(): Preact's output, where
 * text escapes <, and attributes are double-quoted.
 */
export interface Tag { name: string; attrs: Record<string, string>; start: number; end: number; closing: boolean }

export function decode(s: string): string {
  return s.replace(/&(lt|gt|quot|amp|#39|#x27|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'", '#x27': "'", apos: "'" })[e] ?? '')
}

export function tags(html: string): Tag[] {
  const out: Tag[] = []
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    const m = /^<(\/?)([a-zA-Z][\w-]*)/.exec(html.slice(i, i + 40))
    if (!m) continue
    let j = i + m[0].length
    let quoted = false
    for (; j < html.length; j++) {
      if (html[j] === '"') quoted = !quoted
      else if (html[j] === '>' && !quoted) break
    }
    const inner = html.slice(i + m[0].length, j)
    const attrs: Record<string, string> = {}
    for (const a of inner.matchAll(/([^\s=/"]+)(?:="([^"]*)")?/g)) attrs[a[1]!.toLowerCase()] = decode(a[2] ?? '')
    out.push({ name: m[2]!.toLowerCase(), attrs, start: i, end: j + 1, closing: m[1] === '/' })
    i = j
  }
  return out
}

/** The outer HTML of the first element matching the test, up to its matching closing tag. */
export function element(html: string, match: (tag: Tag) => boolean): string | undefined {
  const all = tags(html)
  const index = all.findIndex((tag) => !tag.closing && match(tag))
  if (index === -1) return undefined
  const open = all[index]!
  let depth = 0
  for (const tag of all.slice(index)) {
    if (tag.name !== open.name) continue
    depth += tag.closing ? -1 : 1
    if (depth === 0) return html.slice(open.start, tag.end)
  }
  return html.slice(open.start)
}

export const byId = (html: string, id: string) => element(html, (tag) => tag.attrs.id === id)
export const text = (html: string) => decode(html.replace(/<[^>]*>/g, ''))
export const opening = (html: string, name: string) => tags(html).filter((tag) => !tag.closing && tag.name === name)
