/**
 * Aho–Corasick search for many needles at once: the leak scan looks for tens of thousands of raw
 * source values in megabytes of output, which one indexOf per needle could not do in time.
 * Works on any string; byte-level scans pass latin1 strings of UTF-8 bytes.
 */
export class NeedleSet {
  private readonly next: Array<Map<number, number>> = [new Map()]
  private readonly fail: number[] = [0]
  private readonly out: Array<string | undefined> = [undefined]
  private readonly dictLink: number[] = [0]

  constructor(needles: Iterable<string>) {
    for (const needle of needles) {
      if (!needle) continue
      let state = 0
      for (let i = 0; i < needle.length; i++) {
        const c = needle.charCodeAt(i)
        let to = this.next[state]?.get(c)
        if (to === undefined) {
          to = this.next.length
          this.next.push(new Map())
          this.fail.push(0)
          this.out.push(undefined)
          this.dictLink.push(0)
          this.next[state]?.set(c, to)
        }
        state = to
      }
      this.out[state] = needle
    }
    const queue: number[] = []
    for (const to of this.next[0]?.values() ?? []) queue.push(to)
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number
      for (const [c, to] of this.next[state] ?? []) {
        let f = this.fail[state] as number
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] as number
        const target = this.next[f]?.get(c)
        this.fail[to] = target !== undefined && target !== to ? target : 0
        const ft = this.fail[to] as number
        this.dictLink[to] = this.out[ft] !== undefined ? ft : (this.dictLink[ft] as number)
        queue.push(to)
      }
    }
  }

  /** Every needle found in the text (each once). */
  findIn(text: string): Set<string> {
    const found = new Set<string>()
    let state = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      while (state !== 0 && !this.next[state]?.has(c)) state = this.fail[state] as number
      state = this.next[state]?.get(c) ?? 0
      for (let s = this.out[state] !== undefined ? state : (this.dictLink[state] as number); s !== 0; s = this.dictLink[s] as number) {
        found.add(this.out[s] as string)
      }
    }
    return found
  }
}
