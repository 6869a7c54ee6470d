import t from 'tap'
import { stationsCatalog, stationsCsv } from '../helpers/fixture.ts'
import { ingestTwice } from '../changes/fixture.ts'

/** `gongkai changes ID [--from U] [--to V]` (issue 12 §2): the summary, and exit 1 with the reason for a version that is not kept. */
t.test('gongkai changes prints what changed between two kept versions', async (t) => {
  const { fx } = await ingestTwice(t, 'sqlite')
  const current = await fx.cli('changes', 'stations')
  t.equal(current.code, 0, current.stderr)
  t.same(current.stdout.split('\n'), [
    'stations: version 2 against version 1: +5 −2 ~5 rows',
    '  rows matched by primary key (id): 5 added, 2 removed, 5 changed, 23 unchanged; 33 rows (+3)',
  ])
  t.equal((await fx.cli('changes', 'stations', '--from', '1', '--to', '2')).stdout, current.stdout, 'the defaults named')
  t.same((await fx.cli('changes', 'readings')).stdout.split('\n'), [
    'readings: version 2 against version 1: +2 −2 rows (matched by content)',
    '  rows matched by content: 2 added, 2 removed, 0 changed, 2 unchanged; 4 rows (the same)',
  ])

  fx.writeCatalog('stations', stationsCatalog().replace('{ name: pm25, type: number', '{ name: pm25, type: string'))
  fx.writeSource('stations.csv', stationsCsv(34))
  t.equal((await fx.cli('ingest', 'stations')).code, 0)
  t.same((await fx.cli('changes', 'stations', '--from', '1', '--to', '3')).stdout.split('\n'), [
    'stations: version 3 against version 1: +4 −0 ~30 rows, 1 field retyped',
    '  rows matched by primary key (id): 4 added, 0 removed, 30 changed, 0 unchanged; 34 rows (+4)',
    '  field pm25: retyped number → string',
  ], 'a pair no ingest compared is computed; 1.5 became "1.5" in every row')
})

t.test('gongkai changes refuses what it cannot compare, saying why', async (t) => {
  const { fx } = await ingestTwice(t, 'sqlite')
  const cases: Array<[string[], number, RegExp]> = [
    [['changes', 'nothing'], 1, /^changes: no dataset nothing in the store/],
    [['changes', 'stations', '--to', '9'], 1, /^changes: dataset stations has no version 9 \(kept: 2, 1\)$/],
    [['changes', 'stations', '--to', '1'], 1, /^changes: version 1 of stations is its first: there is no earlier version to compare it with$/],
    [['changes', 'stations', '--from', '2', '--to', '2'], 1, /^changes: from: must be a version before 2/],
    [['changes', 'Not_An_Id'], 2, /^ID must be a dataset id/],
    [['changes', 'stations', '--from', 'one'], 2, /^--from must be a version number/],
    [['changes'], 2, /ID/],
  ]
  for (const [args, code, message] of cases) {
    const run = await fx.cli(...args)
    t.equal(run.code, code, args.join(' '))
    t.match(run.stderr, message, args.join(' '))
    t.equal(run.stdout, '', 'nothing on stdout')
  }
  t.match((await fx.cli('help', 'changes')).stdout, /gongkai changes ID \[--from U\] \[--to V\]/)
})
