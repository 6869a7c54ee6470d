/**
 * Where the words of a search occur in a text, as plain and marked segments for a view to render
 * (the view wraps marked ones in <mark>; nothing here builds markup, so a title cannot become any).
 * Terms are split as the catalog search splits them (spaces, the ideographic space included) and
 * matched case-insensitively; overlapping and adjacent matches merge into one marked segment.
 */
export interface Segment {
  text: string
  marked: boolean
}

/** The catalog search's terms (src/store/sqlite/search.ts splits the same way). */
export function highlightTerms(q: string | undefined): string[] {
  const terms = (q ?? '').split(/[\s\u3000]+/).filter((term) => term.length > 0)
  return [...new Set(terms)]
}

function escapeRegExp(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function highlight(text: string, q: string | undefined): Segment[] {
  if (text === '') return []
  const terms = highlightTerms(q)
  // a flag per UTF-16 unit: marked or not (surrogate pairs are matched whole, so never split)
  const marked = new Uint8Array(text.length)
  for (const term of terms) {
    const pattern = new RegExp(escapeRegExp(term), 'giu')
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      marked.fill(1, match.index, match.index + match[0].length)
      // overlapping occurrences too ("aa" in "aaa"): look again from the next character (a whole code
      // point: a unicode pattern moves an index inside a surrogate pair back to its start)
      pattern.lastIndex = match.index + ((text.codePointAt(match.index) ?? 0) > 0xffff ? 2 : 1)
    }
  }
  const segments: Segment[] = []
  let start = 0
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && marked[i] === marked[start]) continue
    segments.push({ text: text.slice(start, i), marked: marked[start] === 1 })
    start = i
  }
  return segments
}
