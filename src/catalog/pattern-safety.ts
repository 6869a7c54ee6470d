/**
 * Refuses `pattern` constraints that JavaScript's backtracking regex engine can take exponential time
 * on: `(a+)+$` against forty a's and a b runs for minutes, and it runs on every row of an ingest. The
 * check is structural (the star-height test of safe-regex, made aware of the `u` syntax the ingest
 * compiles patterns with):
 * - a repetition inside a repetition (`(a+)+`, `(a*b?)*`, `(\d{1,3})+`) is refused, unless the inner
 *   one has a fixed count (`(\d{3}-)+` backtracks no more than `(ddd-)+`);
 * - a repeated group whose alternatives can start with the same character (`(a|ab)+`, `(\d|1)*`) is
 *   refused: each choice point doubles the ways to match;
 * - backreferences are refused: matching them is NP-hard in general.
 * Alternatives are compared by their first atom; an atom that is a class, a dot or an escape is taken
 * to overlap with anything, so the check errs on the side of refusing.
 */

interface Atom {
  kind: 'atom'
  /** The literal character, when the atom is one; undefined for classes, dots and escapes. */
  char?: string
}

interface Group {
  kind: 'group'
  alternatives: Node[][]
}

interface Repeat {
  kind: 'repeat'
  body: Node
  /** min ≠ max: the engine chooses how many times, and backtracks over the choice. */
  variable: boolean
  /** max > 1: what is inside is tried once per repetition. */
  multiplies: boolean
}

type Node = Atom | Group | Repeat

/** A pattern the ingest can test in linear time per value, or why it cannot. */
export function unsafePatternReason(pattern: string): string | undefined {
  let ast: Group
  try {
    ast = new Parser(pattern).parse()
  } catch (error) {
    if (error instanceof UnsafePattern) return error.message
    throw error
  }
  return check(ast, false)
}

class UnsafePattern extends Error {}

const QUANTIFIER_SYNTAX = /^\{(\d+)(,(\d*))?\}/

class Parser {
  private at = 0

  constructor(private readonly source: string) {}

  parse(): Group {
    return this.alternatives()
  }

  private alternatives(): Group {
    const alternatives: Node[][] = [[]]
    while (this.at < this.source.length) {
      const c = this.source[this.at] as string
      if (c === ')') break
      if (c === '|') {
        this.at++
        alternatives.push([])
        continue
      }
      const atom = this.atom()
      ;(alternatives[alternatives.length - 1] as Node[]).push(this.quantified(atom))
    }
    return { kind: 'group', alternatives }
  }

  private atom(): Node {
    const c = this.source[this.at] as string
    if (c === '(') {
      this.at++
      if (this.source.startsWith('?:', this.at) || this.source.startsWith('?=', this.at) || this.source.startsWith('?!', this.at)) this.at += 2
      else if (this.source.startsWith('?<=', this.at) || this.source.startsWith('?<!', this.at)) this.at += 3
      else if (this.source.startsWith('?<', this.at)) this.at = this.source.indexOf('>', this.at) + 1
      const group = this.alternatives()
      this.at++ // ')'
      return group
    }
    if (c === '[') {
      this.skipClass()
      return { kind: 'atom' }
    }
    if (c === '\\') {
      const next = this.source[this.at + 1] ?? ''
      if (/[1-9]/.test(next) || next === 'k') throw new UnsafePattern('uses a backreference, which cannot be matched in linear time')
      this.skipEscape()
      return { kind: 'atom' }
    }
    const char = String.fromCodePoint(this.source.codePointAt(this.at) as number)
    this.at += char.length
    if (char === '.' || char === '^' || char === '$') return { kind: 'atom' }
    return { kind: 'atom', char }
  }

  private quantified(atom: Node): Node {
    let node = atom
    for (;;) {
      const c = this.source[this.at]
      let variable: boolean
      let multiplies: boolean
      if (c === '*' || c === '+' || c === '?') {
        this.at++
        variable = true
        multiplies = c !== '?'
      } else if (c === '{' && QUANTIFIER_SYNTAX.test(this.source.slice(this.at))) {
        const [text, min, comma, max] = QUANTIFIER_SYNTAX.exec(this.source.slice(this.at)) as RegExpExecArray
        this.at += text.length
        variable = comma !== undefined && max !== min
        multiplies = comma === undefined ? Number(min) > 1 : max === '' || Number(max) > 1
      } else {
        return node
      }
      if (this.source[this.at] === '?') this.at++ // lazy: the same backtracking, in another order
      node = { kind: 'repeat', body: node, variable, multiplies }
    }
  }

  private skipEscape(): void {
    const next = this.source[this.at + 1] ?? ''
    this.at += 2
    if ((next === 'p' || next === 'P' || next === 'u') && this.source[this.at] === '{') {
      this.at = this.source.indexOf('}', this.at) + 1
    } else if (next === 'u') {
      this.at += 4
    } else if (next === 'x') {
      this.at += 2
    } else if (next === 'c') {
      this.at += 1
    }
  }

  private skipClass(): void {
    this.at++ // '['
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      if (this.source[this.at] === '\\') this.skipEscape()
      else this.at++
    }
    this.at++ // ']'
  }
}

function firstAtoms(nodes: readonly Node[]): Atom[] {
  const first = nodes[0]
  if (first === undefined) return [{ kind: 'atom' }]
  if (first.kind === 'atom') return [first]
  if (first.kind === 'repeat') return firstAtoms([first.body])
  return first.alternatives.flatMap(firstAtoms)
}

function overlapping(alternatives: readonly Node[][]): boolean {
  const seen = new Set<string>()
  for (const alternative of alternatives) {
    for (const atom of firstAtoms(alternative)) {
      if (atom.char === undefined || seen.has(atom.char)) return true
      seen.add(atom.char)
    }
  }
  return false
}

/** `insideRepeat`: the node is tried again for each repetition of an enclosing repeat. */
function check(node: Node, insideRepeat: boolean): string | undefined {
  if (node.kind === 'atom') return undefined
  if (node.kind === 'repeat') {
    if (node.variable && insideRepeat) {
      return 'nests a repetition inside a repetition (like (a+)+), which can take exponential time; write it without the nesting'
    }
    return check(node.body, insideRepeat || node.multiplies)
  }
  if (insideRepeat && node.alternatives.length > 1 && overlapping(node.alternatives)) {
    return 'repeats alternatives that can start with the same character (like (a|ab)+), which can take exponential time; use a character class or alternatives starting with distinct characters'
  }
  for (const alternative of node.alternatives) {
    for (const child of alternative) {
      const reason = check(child, insideRepeat)
      if (reason) return reason
    }
  }
  return undefined
}
