/**
 * The detectors' view of a text (SPEC §4.2): identifiers are written with full-width digits and
 * letters (１３８１２３４５６７８, ＠), odd spaces and dashes (NBSP, U+3000, en dash) and invisible
 * characters (U+200B–U+200D, U+2060, U+FEFF) inside them. Detection runs on a normalised copy:
 * - each code point is NFKC-normalised (full-width and other compatibility forms become ASCII),
 * - default-ignorable code points (zero-width characters, BOM, soft hyphen, bidi controls) are dropped,
 * - every space separator becomes ' ' and every dash '-' (NFKC leaves en and em dashes alone).
 * An offset map leads each character of the copy back to the code point it came from, so a finding
 * is masked where it stands in the original text.
 *
 * Code points are normalised one at a time: composition across code points (a letter and a combining
 * accent) never produces a digit or an ASCII letter, which is all the detectors read.
 */

export interface NormalisedText {
  text: string
  /**
   * start[i]: offset in the original text of the code point that produced text[i]; end[i]: the
   * offset just after it. null when every offset is unchanged (each character normalised to one).
   */
  start: Int32Array | null
  end: Int32Array | null
}

/** Bits of a character class (charClasses): a plate's province character. */
export const CLASS_PROVINCE = 1
/** Bits of a character class (charClasses): normalisation changes what the detectors read (or the character is ignorable). */
export const CLASS_FOLD = 2
/** Bits of a character class (charClasses): becomes '@'. */
export const CLASS_AT = 4
/** Bits of a character class (charClasses): becomes an ASCII letter or a province character. */
export const CLASS_LETTER = 8
/** a class >> CLASS_DIGIT_SHIFT: how many ASCII digits the character becomes (at most 15). */
export const CLASS_DIGIT_SHIFT = 4

/** Province abbreviations that start a vehicle plate. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'

/** What the detectors read: a character of another form that becomes one of these matters. */
const READ = new RegExp(`[0-9A-Za-z@.\\-_%+ /()·•・${PLATE_PROVINCES}]`)
const LETTER = new RegExp(`[A-Za-z${PLATE_PROVINCES}]`)
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u
const SPACE = /\p{Zs}/gu
const DASH = /[\p{Pd}\u2212]/gu

function fold(ch: string): string {
  if (IGNORABLE.test(ch)) return ''
  return ch.normalize('NFKC').replace(SPACE, ' ').replace(DASH, '-')
}

function countAsciiDigits(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) n++
  }
  return n
}

let classTable: Uint8Array | undefined

/**
 * Per UTF-16 unit of a non-ASCII character: what it means to the detectors, so that one pass over a
 * text tells whether it needs normalising at all (ASCII never does). Leading surrogates are marked
 * from the planes that hold such characters (mathematical digits, enclosed alphanumerics, tags).
 * Built on first use (some 15 ms), not when a command that never reads data imports the module.
 */
export function charClasses(): Uint8Array {
  return (classTable ??= buildClasses())
}

function buildClasses(): Uint8Array {
  const classes = new Uint8Array(65536)
  for (const ch of PLATE_PROVINCES) classes[ch.charCodeAt(0)] = CLASS_PROVINCE
  for (let c = 0x80; c < 0x10000; c++) {
    if (c >= 0xd800 && c < 0xe000) continue
    const ch = String.fromCharCode(c)
    const folded = fold(ch)
    if (folded === ch || (folded !== '' && !READ.test(folded))) continue
    const digits = Math.min(countAsciiDigits(folded), 15)
    const letter = LETTER.test(folded) ? CLASS_LETTER : 0
    classes[c] = (classes[c] as number) | CLASS_FOLD | (folded.includes('@') ? CLASS_AT : 0) | letter | (digits << CLASS_DIGIT_SHIFT)
  }
  // astral planes: U+1D7CE… (𝟏), U+1F100… (🄁), U+1FBF0… (🯱) become digits or letters; the others
  // letters, or nothing (tags, variation selectors)
  for (const lead of [0xd801, 0xd82f, 0xd833, 0xd834, 0xdb40, 0xdb41, 0xdb42, 0xdb43]) classes[lead] = CLASS_FOLD | CLASS_LETTER
  for (const lead of [0xd835, 0xd83c, 0xd83e]) classes[lead] = CLASS_FOLD | CLASS_LETTER | (1 << CLASS_DIGIT_SHIFT)
  return classes
}

const foldedBmp: Array<string | undefined> = []
const foldedAstral = new Map<number, string>()

function foldCodePoint(cp: number): string {
  if (cp <= 0xffff) return (foldedBmp[cp] ??= fold(String.fromCharCode(cp)))
  let f = foldedAstral.get(cp)
  if (f === undefined) {
    f = fold(String.fromCodePoint(cp))
    foldedAstral.set(cp, f)
  }
  return f
}

function needsFold(classes: Uint8Array, c: number): boolean {
  return c >= 0x80 && ((classes[c] as number) & CLASS_FOLD) !== 0
}

/** True when normalising the text would change what the detectors read. */
export function needsNormalising(text: string): boolean {
  const classes = charClasses()
  for (let i = 0; i < text.length; i++) if (needsFold(classes, text.charCodeAt(i))) return true
  return false
}

/**
 * The normalised copy and its offset map (see the module comment). The usual case, full-width
 * characters and odd spaces, keeps every offset and needs no map.
 */
export function normaliseForDetection(text: string): NormalisedText {
  const classes = charClasses()
  let out = ''
  let copied = 0
  let shifted = false
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (!needsFold(classes, c)) continue
    const cp = text.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const f = foldCodePoint(cp)
    if (f.length !== width) shifted = true
    out += text.slice(copied, i) + f
    copied = i + width
    i += width - 1
  }
  out += text.slice(copied)
  return shifted ? withOffsets(text) : { text: out, start: null, end: null }
}

/** The slow way, one code point at a time, for texts where characters are dropped or expanded. */
function withOffsets(text: string): NormalisedText {
  const classes = charClasses()
  let out = ''
  const start: number[] = []
  const end: number[] = []
  const n = text.length
  for (let i = 0; i < n; ) {
    const cp = text.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const f = needsFold(classes, text.charCodeAt(i)) ? foldCodePoint(cp) : text.slice(i, i + width)
    out += f
    for (let k = 0; k < f.length; k++) {
      start.push(i)
      end.push(i + width)
    }
    i += width
  }
  return { text: out, start: Int32Array.from(start), end: Int32Array.from(end) }
}

/** The normalised text alone: what the detectors read. */
export function normaliseText(text: string): string {
  return needsNormalising(text) ? normaliseForDetection(text).text : text
}
