import t from 'tap'
import { addWorkingDays, isWorkingDay, REPLY_WORKING_DAYS } from '../../src/access/working-days.ts'
import { WEEKENDS_ONLY, type WorkingCalendar } from '../../src/config/holidays.ts'
import { loadHolidays, parseHolidays } from '../../src/config/holidays.ts'
import { ConfigError } from '../../src/config/load.ts'

// 2026-10-01 … 10-07 National Day (10-01, 02, 05, 06, 07 are weekdays off), make-up workdays Sun 9-20 and Sat 10-10
const NATIONAL_DAY: WorkingCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-20', '2026-10-10']),
}

t.test('working days: weekends off, listed holidays off, make-up days on', async (t) => {
  const cases: Array<[string, WorkingCalendar, boolean]> = [
    ['2026-03-02', WEEKENDS_ONLY, true], // Monday
    ['2026-03-06', WEEKENDS_ONLY, true], // Friday
    ['2026-03-07', WEEKENDS_ONLY, false], // Saturday
    ['2026-03-08', WEEKENDS_ONLY, false], // Sunday
    ['2026-10-01', NATIONAL_DAY, false], // Thursday, holiday
    ['2026-10-10', NATIONAL_DAY, true], // Saturday, make-up day
    ['2026-09-20', NATIONAL_DAY, true], // Sunday, make-up day
    ['2026-10-03', NATIONAL_DAY, false], // Saturday inside the holiday
    ['2026-10-08', NATIONAL_DAY, true],
  ]
  for (const [date, calendar, working] of cases) t.equal(isWorkingDay(date, calendar), working, date)
})

t.test('the deadline is the n-th working day after submission (the submission day never counts)', async (t) => {
  const cases: Array<[string, string, number, WorkingCalendar, string]> = [
    ['Monday, 1 day', '2026-03-02', 1, WEEKENDS_ONLY, '2026-03-03'],
    ['Friday, 1 day: over the weekend', '2026-03-06', 1, WEEKENDS_ONLY, '2026-03-09'],
    ['Saturday, 1 day', '2026-03-07', 1, WEEKENDS_ONLY, '2026-03-09'],
    ['Sunday, 1 day', '2026-03-08', 1, WEEKENDS_ONLY, '2026-03-09'],
    ['Monday, 5 days: the next Monday', '2026-03-02', 5, WEEKENDS_ONLY, '2026-03-09'],
    ['Monday, 20 days: four weeks', '2026-03-02', 20, WEEKENDS_ONLY, '2026-03-30'],
    ['Friday, 20 days', '2026-03-06', 20, WEEKENDS_ONLY, '2026-04-03'],
    ['Saturday, 20 days', '2026-03-07', 20, WEEKENDS_ONLY, '2026-04-03'],
    ['across a month and a leap day', '2028-02-25', 3, WEEKENDS_ONLY, '2028-03-01'],
    ['across the year end', '2026-12-30', 3, WEEKENDS_ONLY, '2027-01-04'],
    // Wednesday 9-30: 10-1..7 off except the weekend make-up; 10-8 Thu, 10-9 Fri, 10-10 Sat (make-up)
    ['into National Day, 1 day', '2026-09-30', 1, NATIONAL_DAY, '2026-10-08'],
    ['into National Day, 3 days: the make-up Saturday counts', '2026-09-30', 3, NATIONAL_DAY, '2026-10-10'],
    ['a make-up Sunday counts', '2026-09-18', 1, NATIONAL_DAY, '2026-09-20'],
    ['into National Day, 20 days', '2026-09-28', 20, NATIONAL_DAY, '2026-10-30'],
    ['the same without the calendar', '2026-09-28', 20, WEEKENDS_ONLY, '2026-10-26'],
    ['submitted on a holiday', '2026-10-01', 1, NATIONAL_DAY, '2026-10-08'],
  ]
  for (const [what, start, days, calendar, due] of cases) t.equal(addWorkingDays(start, days, calendar), due, what)
  t.equal(REPLY_WORKING_DAYS, 20)
})

t.test('the holiday calendar file', async (t) => {
  const calendar = parseHolidays('h.yaml', 'holidays: [2026-10-01, "2026-10-02"]\nworkdays: [2026-10-10]\n')
  t.same([...calendar.holidays], ['2026-10-01', '2026-10-02'])
  t.same([...calendar.workdays], ['2026-10-10'])
  t.same([...parseHolidays('h.yaml', '').holidays], [], 'an empty file: weekends only')
  const bad: Array<[string, RegExp]> = [
    ['holidays: [2026-02-30]', /holidays\[0\]: "2026-02-30" is not a date/],
    ['holidays: [tomorrow]\nworkdays: [1]', /holidays\[0\].*workdays\[0\]|workdays\[0\]: expected string/],
    ['holiday: [2026-10-01]', /unknown property/],
    ['holidays: [2026-10-01]\nworkdays: [2026-10-01]', /2026-10-01 listed both as holiday and as workday/],
    ['holidays: [', /YAML syntax error/],
  ]
  for (const [text, message] of bad) t.throws(() => parseHolidays('h.yaml', text), { constructor: ConfigError, message }, text)

  const dir = t.testdir({ catalog: { '_holidays.yaml': 'holidays: [2026-10-01]\n' }, empty: {}, 'other.yaml': 'workdays: [2026-10-10]\n' })
  t.same([...loadHolidays({}, `${dir}/catalog`).holidays], ['2026-10-01'], 'the catalog\'s _holidays.yaml')
  t.equal(loadHolidays({}, `${dir}/empty`), WEEKENDS_ONLY, 'none: weekends only')
  t.same([...loadHolidays({ GONGKAI_HOLIDAYS_FILE: 'other.yaml' }, `${dir}/catalog`, dir).workdays], ['2026-10-10'], 'GONGKAI_HOLIDAYS_FILE wins')
  t.throws(() => loadHolidays({ GONGKAI_HOLIDAYS_FILE: 'missing.yaml' }, `${dir}/catalog`, dir), { constructor: ConfigError, message: /GONGKAI_HOLIDAYS_FILE: cannot read/ })
})

t.test('the shipped calendar is valid and its make-up days are weekends', async (t) => {
  const calendar = loadHolidays({}, new URL('../../catalog', import.meta.url).pathname)
  t.ok(calendar.holidays.size > 20)
  for (const day of calendar.workdays) t.ok([0, 6].includes(new Date(`${day}T12:00:00`).getDay()), `${day} is a weekend day`)
  for (const day of calendar.holidays) t.notOk([0, 6].includes(new Date(`${day}T12:00:00`).getDay()), `${day} is a weekday`)
})
