/** `npm run bench -- query [rows] [seconds] [--store sqlite|postgres]`: the arguments, wherever --store is. */
import t from 'tap'
import { parseQueryArgs } from '../../bench/query-args.ts'

t.test('rows and seconds are positional, the store sqlite unless --store says otherwise', async (t) => {
  t.same(parseQueryArgs([]), { rows: 1_000_000, duration: 10, store: 'sqlite' })
  t.same(parseQueryArgs(['50k', '3']), { rows: 50_000, duration: 3, store: 'sqlite' })
  t.same(parseQueryArgs(['--store', 'postgres', '50k', '3']), { rows: 50_000, duration: 3, store: 'postgres' })
  t.same(parseQueryArgs(['50k', '--store', 'postgres', '3']), { rows: 50_000, duration: 3, store: 'postgres' })
  t.same(parseQueryArgs(['1m', '10', '--store=postgres']), { rows: 1_000_000, duration: 10, store: 'postgres' })
  t.same(parseQueryArgs(['--store', 'sqlite']), { rows: 1_000_000, duration: 10, store: 'sqlite' })
})

t.test('a bad store, a missing value, an unknown option or a third positional is refused', async (t) => {
  t.throws(() => parseQueryArgs(['--store', 'mysql']), /--store must be sqlite or postgres/)
  t.throws(() => parseQueryArgs(['50k', '--store']), /--store needs a value/)
  t.throws(() => parseQueryArgs(['--workers', '2']), /unknown option --workers/)
  t.throws(() => parseQueryArgs(['50k', '3', 'postgres']), /too many arguments/)
  t.throws(() => parseQueryArgs(['50k', 'ten']), /seconds must be a positive number/)
})
