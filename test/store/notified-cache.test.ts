import t from 'tap'
import { NotifiedCache } from '../../src/store/postgres/notified-cache.ts'

function counting(): { load: () => Promise<{ n: number }>; calls: () => number } {
  let calls = 0
  return { load: async () => ({ n: ++calls }), calls: () => calls }
}

t.test('nothing is kept while the feed is not live', async (t) => {
  const feed = { live: false }
  const cache = new NotifiedCache<{ n: number }>(feed)
  const { load, calls } = counting()
  t.same([(await cache.get('a', load)).n, (await cache.get('a', load)).n], [1, 2])
  feed.live = true
  t.same([(await cache.get('a', load)).n, (await cache.get('a', load)).n], [3, 3], 'kept once live')
  t.equal(calls(), 3)
})

t.test('a read in flight is shared; a forgotten key is read again, others are kept', async (t) => {
  const cache = new NotifiedCache<{ n: number }>({ live: true })
  const { load, calls } = counting()
  const [first, second] = await Promise.all([cache.get('a', load), cache.get('a', load)])
  t.equal(first, second, 'one read for both')
  await cache.get('b', load)
  cache.forget('a')
  t.same([(await cache.get('a', load)).n, (await cache.get('b', load)).n], [3, 2])
  cache.forgetWhere((key) => key.startsWith('b'))
  t.equal((await cache.get('b', load)).n, 4)
  cache.clear()
  t.equal((await cache.get('a', load)).n, 5)
  t.equal(calls(), 5)
})

t.test('a key forgotten while its read is in flight is not kept from that read', async (t) => {
  const cache = new NotifiedCache<{ n: number }>({ live: true })
  let release: (() => void) | undefined
  const slow = cache.get('a', () => new Promise((resolve) => (release = () => resolve({ n: 0 }))))
  cache.forget('a')
  release?.()
  t.equal((await slow).n, 0, 'the caller gets its answer')
  t.equal((await cache.get('a', async () => ({ n: 1 }))).n, 1, 'the next read reads again')
})

t.test('a failed read is not kept', async (t) => {
  const cache = new NotifiedCache<{ n: number }>({ live: true })
  await t.rejects(cache.get('a', async () => {
    throw new Error('connection lost')
  }), /connection lost/)
  t.equal((await cache.get('a', async () => ({ n: 1 }))).n, 1)
})

t.test('values are frozen to the leaves; the oldest entry goes beyond the bound', async (t) => {
  const cache = new NotifiedCache<{ list: Array<{ x: number }> } | undefined>({ live: true }, 2)
  const value = await cache.get('a', async () => ({ list: [{ x: 1 }] }))
  t.ok(Object.isFrozen(value) && Object.isFrozen(value?.list) && Object.isFrozen(value?.list[0]))
  t.equal(await cache.get('u', async () => undefined), undefined, 'undefined is a value like any other')
  let reads = 0
  await cache.get('c', async () => ({ list: [] }))
  await cache.get('a', async () => {
    reads++
    return { list: [] }
  })
  t.equal(reads, 1, 'a, the oldest of three, was dropped')
})
