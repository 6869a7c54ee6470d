/**
 * `Content-Disposition: attachment` with an ASCII `filename` every client understands and an
 * RFC 8187 `filename*` in UTF-8 for the ones that do (browsers, curl -J, wget), so a download can
 * be saved as 行政处罚决定信息-v3.csv while older tools get admin-penalties-v3.csv.
 */
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]/g

/** RFC 8187 value characters: encodeURIComponent leaves a few more unescaped than attr-char allows. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function contentDisposition(asciiName: string, utf8Name: string): string {
  const fallback = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  const preferred = utf8Name.replace(UNSAFE_IN_FILE_NAMES, '_')
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(preferred)}`
}
