import t from 'tap'
import { dateToEpochMs, datetimeToEpochMs } from '../../src/serialise/temporal.ts'

t.test('dates are UTC midnights', async (t) => {
  const cases: Array<[string, number]> = [
    ['1970-01-01', 0],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['1900-03-01', Date.UTC(1900, 2, 1)],
    ['0050-06-15', new Date('0050-06-15T00:00:00Z').getTime()],
  ]
  for (const [text, ms] of cases) t.equal(dateToEpochMs(text), ms, text)
})

t.test('datetimes: zoned ones are instants, local ones wall-clock times, milliseconds kept', async (t) => {
  const cases: Array<[string, number]> = [
    ['2024-01-01T08:00:00', Date.UTC(2024, 0, 1, 8)],
    ['2024-01-01T08:00:00Z', Date.UTC(2024, 0, 1, 8)],
    ['2024-01-01T08:00:00+08:00', Date.UTC(2024, 0, 1, 0)],
    ['2024-01-01T00:30:00-05:30', Date.UTC(2024, 0, 1, 6, 0)],
    ['2024-01-01T08:00:00.5', Date.UTC(2024, 0, 1, 8, 0, 0, 500)],
    ['2024-01-01T08:00:00.123456789Z', Date.UTC(2024, 0, 1, 8, 0, 0, 123)],
  ]
  for (const [text, ms] of cases) t.equal(datetimeToEpochMs(text), ms, text)
  t.throws(() => datetimeToEpochMs('2024-01-01 08:00'), /not a stored datetime/)
  t.throws(() => dateToEpochMs('2024/01/01'), /not a stored date/)
})
