/** The page cache (src/query/page-cache.ts): finished pages, and identical queries that arrive together run once. */
import t from 'tap'
import { PageCache } from '../../src/query/page-cache.ts'

interface Page { body: string }

/** A run the test finishes when it likes, counting how often it was started. */
function controlled() {
  let starts = 0
  const finishers: Array<{ resolve: (p: Page) => void; reject: (e: Error) => void }> = []
  const start = () => {
    starts++
    return new Promise<Page>((resolve, reject) => finishers.push({ resolve, reject }))
  }
  return { start, starts: () => starts, finishers }
}

class Refused extends Error {}
const retryAlone = (error: unknown) => error instanceof Refused

t.test('identical queries under way share one run, and its page is cached', async (t) => {
  const cache = new PageCache<Page>(1_000_000)
  const run = controlled()
  const three = [1, 2, 3].map(() => cache.through('q', run.start, retryAlone))
  t.equal(run.starts(), 1, 'started once')
  run.finishers[0]?.resolve({ body: 'page' })
  t.same(await Promise.all(three), [{ body: 'page' }, { body: 'page' }, { body: 'page' }])
  t.same(await cache.through('q', run.start, retryAlone), { body: 'page' })
  t.equal(run.starts(), 1, 'the fourth came from the cache')
  t.same(await cache.through('other', async () => ({ body: 'x' }), retryAlone), { body: 'x' }, 'other queries run on their own')
})

t.test('a failure is shared, except one the joiners may retry alone', async (t) => {
  const cache = new PageCache<Page>(1_000_000)
  const run = controlled()
  const failing = [1, 2].map(() => cache.through('q', run.start, retryAlone).catch((e: Error) => e.message))
  run.finishers[0]?.reject(new Error('no such column'))
  t.same(await Promise.all(failing), ['no such column', 'no such column'], 'the query itself failed: both learn it from one run')
  t.equal(run.starts(), 1)

  const refusedFirst = cache.through('q', run.start, retryAlone).catch((e: Error) => e.message)
  const joiner = cache.through('q', run.start, retryAlone)
  run.finishers[1]?.reject(new Refused('caller-busy'))
  t.equal(await refusedFirst, 'caller-busy', 'the first caller was turned away for its own reasons')
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(run.starts(), 3, 'so the joiner started its own run')
  run.finishers[2]?.resolve({ body: 'mine' })
  t.same(await joiner, { body: 'mine' })
})
