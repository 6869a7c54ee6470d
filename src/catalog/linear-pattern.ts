/**
 * `pattern` constraints matched in time linear in the value's length, whatever the pattern. JavaScript's
 * RegExp backtracks: `(a+)+$` against forty a's and a b runs for minutes, `\d+\d+` is quadratic, and
 * the ingest tests every value of a field. Here the pattern is compiled to a Thompson NFA and run by
 * simulation (every state at once, each character once), so a value of n characters costs at most
 * n × states steps. Single characters are still tested by RegExp, one at a time, so classes, escapes
 * and `\p{…}` mean exactly what they mean to the `u` flag, and a whole value matches here exactly when
 * `^(?:pattern)$` matches it there.
 *
 * What an NFA cannot do is refused, with the reason: backreferences (NP-hard in general), lookaround
 * and word boundaries. Patterns whose automaton passes MAX_STATES are refused too (`(\d{1,100}){1,100}`).
 */
export class UnsupportedPattern extends Error {}

/** Enough for any real catalog pattern; keeps the per-character cost of the worst accepted one small. */
export const MAX_STATES = 2000

type Node =
  | { kind: 'char'; test: (codePoint: number) => boolean }
  | { kind: 'start' | 'end' }
  | { kind: 'sequence'; items: Node[] }
  | { kind: 'choice'; options: Node[] }
  | { kind: 'repeat'; body: Node; min: number; max: number }

const QUANTIFIER = /^\{(\d+)(?:(,)(\d*))?\}/

/** A character test from an atom's source (`a`, `.`, `[^,]`, `\p{Script=Han}`), cached for the BMP. */
function characterTest(source: string): (codePoint: number) => boolean {
  const single = new RegExp(`^(?:${source})$`, 'u')
  const known = new Uint8Array(0x10000) // 0 unknown, 1 no, 2 yes
  return (codePoint) => {
    if (codePoint < 0x10000) {
      const cached = known[codePoint] as number
      if (cached !== 0) return cached === 2
      const result = single.test(String.fromCharCode(codePoint))
      known[codePoint] = result ? 2 : 1
      return result
    }
    return single.test(String.fromCodePoint(codePoint))
  }
}

class Parser {
  private at = 0

  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.choice()
    if (this.at < this.source.length) throw new UnsupportedPattern(`unexpected ")" at ${this.at}`)
    return node
  }

  private choice(): Node {
    const options = [this.sequence()]
    while (this.source[this.at] === '|') {
      this.at++
      options.push(this.sequence())
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'choice', options }
  }

  private sequence(): Node {
    const items: Node[] = []
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      items.push(this.quantified(this.atom()))
    }
    return { kind: 'sequence', items }
  }

  private atom(): Node {
    const { source } = this
    const c = source[this.at] as string
    if (c === '(') {
      this.at++
      if (/^\?(?:[=!]|<[=!])/.test(source.slice(this.at))) throw new UnsupportedPattern('uses lookahead or lookbehind, which cannot be matched in linear time')
      if (source.startsWith('?:', this.at)) this.at += 2
      else if (source.startsWith('?<', this.at)) this.at = source.indexOf('>', this.at) + 1
      const inner = this.choice()
      this.at++ // ')'
      return inner
    }
    if (c === '^' || c === '$') {
      this.at++
      return { kind: c === '^' ? 'start' : 'end' }
    }
    const from = this.at
    if (c === '[') this.skipClass()
    else if (c === '\\') this.skipEscape()
    else this.at += String.fromCodePoint(source.codePointAt(this.at) as number).length
    const text = source.slice(from, this.at)
    if (c !== '[' && c !== '\\' && c !== '.') {
      const literal = text.codePointAt(0) as number
      return { kind: 'char', test: (codePoint) => codePoint === literal }
    }
    return { kind: 'char', test: characterTest(text) }
  }

  private quantified(atom: Node): Node {
    let node = atom
    for (;;) {
      const c = this.source[this.at]
      let min: number
      let max: number
      if (c === '*' || c === '+' || c === '?') {
        this.at++
        ;[min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1]
      } else if (c === '{' && QUANTIFIER.test(this.source.slice(this.at))) {
        const [text, low, comma, high] = QUANTIFIER.exec(this.source.slice(this.at)) as RegExpExecArray
        this.at += text.length
        min = Number(low)
        max = comma === undefined ? min : high === '' ? Infinity : Number(high)
      } else {
        return node
      }
      if (this.source[this.at] === '?') this.at++ // lazy or greedy: the same values match
      if (node.kind === 'start' || node.kind === 'end') continue
      node = { kind: 'repeat', body: node, min, max }
    }
  }

  private skipEscape(): void {
    const next = this.source[this.at + 1] ?? ''
    if (/[1-9]/.test(next) || next === 'k') throw new UnsupportedPattern('uses a backreference, which cannot be matched in linear time')
    if (next === 'b' || next === 'B') throw new UnsupportedPattern(`uses a word boundary (\\${next}), which this matcher does not support; anchor the pattern instead`)
    this.at += 2
    if ((next === 'p' || next === 'P' || next === 'u') && this.source[this.at] === '{') this.at = this.source.indexOf('}', this.at) + 1
    else if (next === 'u') this.at += 4
    else if (next === 'x') this.at += 2
    else if (next === 'c') this.at += 1
  }

  private skipClass(): void {
    this.at++ // '['
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      if (this.source[this.at] === '\\') {
        const next = this.source[this.at + 1] ?? ''
        this.at += 2
        if ((next === 'p' || next === 'P' || next === 'u') && this.source[this.at] === '{') this.at = this.source.indexOf('}', this.at) + 1
      } else {
        this.at++
      }
    }
    this.at++ // ']'
  }
}

/** NFA states: a character test, a fork, an assertion, or the accepting state. Edges are indexes. */
type State =
  | { kind: 'char'; test: (codePoint: number) => boolean; next: number }
  | { kind: 'fork'; next: number; other: number }
  | { kind: 'start' | 'end'; next: number }
  | { kind: 'match' }

const PENDING = -1

class Builder {
  readonly states: State[] = []

  private add(state: State): number {
    if (this.states.length >= MAX_STATES) {
      throw new UnsupportedPattern(`is too large to match in linear time (more than ${MAX_STATES} states); use fewer or smaller counted repetitions`)
    }
    this.states.push(state)
    return this.states.length - 1
  }

  /** Builds `node` so that it continues to `next`; returns its entry state. Built back to front, so every edge is known. */
  build(node: Node, next: number): number {
    switch (node.kind) {
      case 'char':
        return this.add({ kind: 'char', test: node.test, next })
      case 'start':
      case 'end':
        return this.add({ kind: node.kind, next })
      case 'sequence':
        return node.items.reduceRight((after, item) => this.build(item, after), next)
      case 'choice':
        return node.options.slice(1).reduce((entry, option) => this.add({ kind: 'fork', next: entry, other: this.build(option, next) }), this.build(node.options[0] as Node, next))
      case 'repeat': {
        let entry = next
        if (node.max === Infinity) {
          // a loop: fork → body → back to the fork, or on to next
          const fork = this.add({ kind: 'fork', next: PENDING, other: next })
          ;(this.states[fork] as { next: number }).next = this.build(node.body, fork)
          entry = fork
        } else {
          for (let i = node.min; i < node.max; i++) entry = this.add({ kind: 'fork', next: this.build(node.body, entry), other: next })
        }
        for (let i = 0; i < node.min; i++) entry = this.build(node.body, entry)
        return entry
      }
    }
  }
}

/**
 * A test of whole values against the pattern (as `^(?:pattern)$` with the `u` flag). Throws
 * UnsupportedPattern, whose message completes "pattern … ", for what cannot run in linear time.
 * The pattern must be a valid `u`-mode RegExp (the validator checks that first).
 */
export function compileLinearPattern(pattern: string): (value: string) => boolean {
  const builder = new Builder()
  const accept = builder.states.length
  builder.states.push({ kind: 'match' })
  const entry = builder.build(new Parser(pattern).parse(), accept)
  const states = builder.states
  const seen = new Uint32Array(states.length)
  let generation = 0

  return (value) => {
    let current: number[] = []
    let following: number[] = []
    let position = 0
    const length = value.length
    // follows forks and assertions from `state`, collecting the character states (and the match) reached
    const reach = (state: number, into: number[]): void => {
      if (seen[state] === generation) return
      seen[state] = generation
      const s = states[state] as State
      if (s.kind === 'fork') {
        reach(s.next, into)
        reach(s.other, into)
      } else if (s.kind === 'start') {
        if (position === 0) reach(s.next, into)
      } else if (s.kind === 'end') {
        if (position === length) reach(s.next, into)
      } else {
        into.push(state)
      }
    }
    generation++
    reach(entry, current)
    while (position < length && current.length > 0) {
      const codePoint = value.codePointAt(position) as number
      position += codePoint > 0xffff ? 2 : 1
      generation++
      for (const index of current) {
        const s = states[index] as State
        if (s.kind === 'char' && s.test(codePoint)) reach(s.next, following)
      }
      ;[current, following] = [following, current]
      following.length = 0
    }
    if (position < length) return false
    return current.some((index) => states[index]?.kind === 'match')
  }
}
