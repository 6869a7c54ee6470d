import t from 'tap'
import { changesFormatFromAccept, parseChangesQuery } from '../../src/server/changes-query.ts'

/** The parameters of the changes route, read strictly and named in every mistake. */
t.test('parseChangesQuery', async (t) => {
  const cases: Array<[Record<string, string>, string | undefined, unknown]> = [
    [{}, undefined, { query: { limit: 100, format: 'json' } }],
    [{ from: '3', _limit: '10000', _cursor: 'abc', _format: 'ndjson' }, undefined, { query: { from: 3, limit: 10000, cursor: 'abc', format: 'ndjson' } }],
    [{}, 'text/csv', { query: { limit: 100, format: 'csv' } }],
    [{ _format: 'json' }, 'text/csv', { query: { limit: 100, format: 'json' } }],
    [{ from: '0' }, undefined, { errors: [{ path: 'from', message: 'expected a version number: a positive integer' }] }],
    [{ from: '1.5', _limit: '10001' }, undefined, { errors: [{ path: 'from' }, { path: '_limit', message: 'expected a whole number from 1 to 10000' }] }],
    [{ _limit: '0' }, undefined, { errors: [{ path: '_limit' }] }],
    [{ _cursor: '' }, undefined, { errors: [{ path: '_cursor', message: 'not a cursor issued by this API' }] }],
    [{ _format: 'arrow' }, undefined, { errors: [{ path: '_format', message: 'expected one of json, csv, ndjson' }] }],
  ]
  for (const [raw, accept, expected] of cases) t.match(parseChangesQuery(raw, accept), expected, JSON.stringify([raw, accept]))
  t.same(['application/x-ndjson', 'application/ndjson', 'text/csv, */*', 'application/json', undefined, '*/*'].map(changesFormatFromAccept),
    ['ndjson', 'ndjson', 'csv', 'json', 'json', 'json'])
})
