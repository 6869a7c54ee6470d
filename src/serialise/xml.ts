/**
 * Text and attribute values of an XML 1.0 document. A steward's title or a Host header may hold any
 * code point; XML 1.0 (§2.2 Char) forbids most C0 controls, U+FFFE/U+FFFF and lone surrogates even as
 * character references, so they are removed: no escape could carry them, and one of them makes the
 * whole document not XML for every parser that reads it.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** `<`, `&` and `>` (so `]]>` never appears); CR as a reference, which a parser would otherwise turn into LF. */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] as string)
}

/** For a double-quoted attribute: also `"`, and TAB/LF/CR as references, which attribute normalisation would turn into spaces. */
export function xmlAttribute(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] as string)
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' }
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' }
