/**
 * The pool's scheduling rules on their own (src/store/schedule.ts), as tables of steps: admit a
 * query, give a free worker the next one, let one leave; each step says what must come out.
 */
import t from 'tap'
import type { Lane } from '../../src/store/query-types.ts'
import type { Refusal } from '../../src/store/query-errors.ts'
import { Schedule, type ScheduleLimits, type WorkerKind } from '../../src/store/schedule.ts'

interface Query { name: string; caller: string; lane: Lane }

type Step =
  | ['admit', string, string, Lane, Refusal?]
  | ['take', WorkerKind, string | undefined]
  | ['leave', string]

function play(limits: ScheduleLimits, steps: Step[]): string[] {
  const schedule = new Schedule<Query>(limits)
  const byName = new Map<string, Query>()
  const seen: string[] = []
  for (const step of steps) {
    if (step[0] === 'admit') {
      const [, name, caller, lane] = step
      const query = { name, caller, lane }
      byName.set(name, query)
      seen.push(`admit ${name}: ${schedule.admit(query) ?? 'ok'}`)
    } else if (step[0] === 'take') seen.push(`take ${step[1]}: ${schedule.take(step[1])?.name ?? 'none'}`)
    else schedule.leave(byName.get(step[1]) as Query)
  }
  return seen
}

function expected(steps: Step[]): string[] {
  return steps.filter((s) => s[0] !== 'leave').map((s) => s[0] === 'admit' ? `admit ${s[1]}: ${s[4] ?? 'ok'}` : `take ${s[1]}: ${s[2] ?? 'none'}`)
}

const WIDE: ScheduleLimits = { queueLength: 10, perCaller: 10, sharedWorkers: 3 }

const CASES: Array<[string, ScheduleLimits, Step[]]> = [
  ['the cheap worker takes only cheap queries; shared workers take cheap ones first', WIDE, [
    ['admit', 'scan', 'a', 'expensive'], ['admit', 'lookup', 'b', 'cheap'],
    ['take', 'cheap', 'lookup'], ['take', 'cheap', undefined],
    ['admit', 'lookup2', 'b', 'cheap'], ['take', 'shared', 'lookup2'], ['take', 'shared', 'scan'], ['take', 'shared', undefined],
  ]],
  ['one caller holds all shared workers but one, even with nobody else waiting', WIDE, [
    ['admit', 'a1', 'a', 'expensive'], ['admit', 'a2', 'a', 'expensive'], ['admit', 'a3', 'a', 'expensive'],
    ['take', 'shared', 'a1'], ['take', 'shared', 'a2'], ['take', 'shared', undefined],
    ['admit', 'b1', 'b', 'expensive'], ['take', 'shared', 'b1'],
    ['leave', 'a1'], ['take', 'shared', 'a3'],
  ]],
  ['a single shared worker is never withheld', { ...WIDE, sharedWorkers: 1 }, [
    ['admit', 'a1', 'a', 'expensive'], ['admit', 'a2', 'a', 'expensive'],
    ['take', 'shared', 'a1'], ['take', 'shared', undefined], ['leave', 'a1'], ['take', 'shared', 'a2'],
  ]],
  ['the caller with fewest running goes first, then the oldest', { ...WIDE, sharedWorkers: 4 }, [
    ['admit', 'a1', 'a', 'expensive'], ['admit', 'a2', 'a', 'expensive'], ['admit', 'a3', 'a', 'expensive'],
    ['admit', 'b1', 'b', 'expensive'], ['admit', 'c1', 'c', 'expensive'], ['admit', 'b2', 'b', 'expensive'],
    ['take', 'shared', 'a1'], ['take', 'shared', 'b1'], ['take', 'shared', 'c1'], ['take', 'shared', 'a2'],
    ['leave', 'c1'], ['take', 'shared', 'b2'],
  ]],
  ['a caller may have perCaller queries in the pool, running or waiting, in both lanes together', { ...WIDE, perCaller: 2 }, [
    ['admit', 'a1', 'a', 'expensive'], ['take', 'shared', 'a1'], ['admit', 'a2', 'a', 'cheap'],
    ['admit', 'a3', 'a', 'cheap', 'caller-busy'], ['admit', 'b1', 'b', 'cheap'],
    ['leave', 'a1'], ['admit', 'a4', 'a', 'expensive'],
  ]],
  ['each lane has its own bounded line, and a running query no longer waits in it', { ...WIDE, queueLength: 2 }, [
    ['admit', 'x', 'a', 'expensive'], ['admit', 'y', 'b', 'expensive'], ['admit', 'z', 'c', 'expensive', 'queue-full'],
    ['admit', 'lookup', 'c', 'cheap'],
    ['take', 'cheap', 'lookup'], ['take', 'shared', 'x'], ['admit', 'z2', 'c', 'expensive'],
  ]],
  ['a query that leaves while waiting frees its place and its caller\'s count', { ...WIDE, queueLength: 1, perCaller: 1 }, [
    ['admit', 'a1', 'a', 'expensive'], ['admit', 'a2', 'a', 'cheap', 'caller-busy'], ['leave', 'a1'],
    ['admit', 'a3', 'a', 'expensive'], ['take', 'shared', 'a3'],
  ]],
]

for (const [name, limits, steps] of CASES) {
  t.test(name, async (t) => {
    t.same(play(limits, steps), expected(steps))
  })
}

t.test('drain takes every waiting query out of line, and leaves the running ones', async (t) => {
  const schedule = new Schedule<Query>({ queueLength: 5, perCaller: 5, sharedWorkers: 2 })
  const running = { name: 'r', caller: 'a', lane: 'expensive' as const }
  const waiting = [{ name: 'w1', caller: 'a', lane: 'expensive' as const }, { name: 'w2', caller: 'b', lane: 'cheap' as const }]
  for (const q of [running, ...waiting]) schedule.admit(q)
  t.equal(schedule.take('cheap'), waiting[1])
  t.equal(schedule.take('shared'), running)
  schedule.leave(waiting[1] as Query)
  t.same(schedule.drain().map((q) => q.name), ['w1'])
  t.equal(schedule.take('shared'), undefined)
  t.equal(schedule.admit({ name: 'late', caller: 'a', lane: 'expensive' }), undefined, 'the running one still counts for its caller, the drained one no longer')
})
