import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import t from 'tap'
import type { RecordLimits } from '../../src/config/record-limits.ts'
import { CsvLimitError, CsvReader, formatBytes, type CsvRecord } from '../../src/ingest/csv-reader.ts'

function read(text: string, chunks: number[] = [], delimiter = ',', limits?: RecordLimits): CsvRecord[] {
  const reader = new CsvReader(delimiter, limits)
  const out: CsvRecord[] = []
  let at = 0
  for (const size of chunks) {
    reader.push(text.slice(at, at + size), out)
    at += size
  }
  reader.push(text.slice(at), out)
  reader.end(out)
  return out
}

const CASES: Array<[string, string, Array<[string[], number]>]> = [
  ['simple, final newline', 'a,b\n1,2\n', [[['a', 'b'], 1], [['1', '2'], 2]]],
  ['no final newline', 'a,b\n1,2', [[['a', 'b'], 1], [['1', '2'], 2]]],
  ['CRLF', 'a,b\r\n1,2\r\n', [[['a', 'b'], 1], [['1', '2'], 2]]],
  ['lone CR', 'a,b\r1,2', [[['a', 'b'], 1], [['1', '2'], 2]]],
  ['quoted delimiter', '"a,b",c\n', [[['a,b', 'c'], 1]]],
  ['doubled quotes', '"say ""hi""",x\n', [[['say "hi"', 'x'], 1]]],
  ['embedded CRLF and LF count lines', '"1\r\n2",x\n"3\n4",y\nz,w\n', [[['1\r\n2', 'x'], 1], [['3\n4', 'y'], 3], [['z', 'w'], 5]]],
  ['empty fields', ',,\n"",x,\n', [[['', '', ''], 1], [['', 'x', ''], 2]]],
  ['blank lines are skipped but counted', 'a\n\n\r\nb\n', [[['a'], 1], [['b'], 4]]],
  ['BOM removed', '\uFEFFa,b\n', [[['a', 'b'], 1]]],
  ['spaces kept', ' a , "b " \n', []],
  ['quoted empty at end of file', 'a,""', [[['a', ''], 1]]],
  ['trailing delimiter at end of file', 'a,', [[['a', ''], 1]]],
  ['characters outside the BMP', '𠮷,"𪚥,x"\n', [[['𠮷', '𪚥,x'], 1]]],
]

for (const [name, text, expected] of CASES) {
  t.test(name, async (t) => {
    if (name === 'spaces kept') {
      t.throws(() => read(text), /quote inside an unquoted field/, 'a quote after spaces is not a quoted field')
      t.same(read(' a , b \n').map((r) => r.fields), [[' a ', ' b ']])
      return
    }
    t.same(read(text).map((r) => [r.fields, r.line]), expected)
    // the same records whatever the chunk boundaries
    for (let cut = 0; cut <= text.length; cut++) t.same(read(text, [cut]).map((r) => [r.fields, r.line]), expected, `cut at ${cut}`)
  })
}

t.test('syntax errors name their line', async (t) => {
  t.throws(() => read('a\n"b"c\n'), { line: 2, message: /line 2: CSV syntax error: invalid closing quote/ })
  t.throws(() => read('a\nb"c\n'), { message: /line 2: .*quote inside an unquoted field/ })
  t.throws(() => read('a\n"b\nc'), { message: /line 2: .*quote not closed/ })
  t.throws(() => new CsvReader('"'), /invalid CSV delimiter/)
})

const SMALL: RecordLimits = { maxFieldBytes: 8, maxRecordBytes: 16 }

const LIMIT_CASES: Array<[string, string, RegExp | undefined]> = [
  ['fields and records at the limits', 'h\n12345678,1234567\n', undefined],
  ['an unquoted field one byte over', 'h\nx,123456789\n', /^line 2: field 2 is longer than 8 bytes$/],
  ['a quoted field one byte over', 'h\n"123456789"\n', /^line 2: field 1 is longer than 8 bytes; is a closing quote missing\?$/],
  ['doubled quotes count once', 'h\n"1234567"""\n', undefined],
  ['an unclosed quote, stopped at the limit rather than at the end of the file', `h\n"open\n${'x\n'.repeat(50)}`, /^line 2: field 1 is longer than 8 bytes; is a closing quote missing\?$/],
  ['a record over the limit of fields within theirs', 'h\n1234,1234,1234,1234\n', /^line 2: the record is longer than 16 bytes$/],
  ['bytes, not characters: three-byte characters', 'h\n张三丰\n', /^line 2: field 1 is longer than 8 bytes$/],
  ['the line where the record starts, after quoted line breaks', 'h\n"a\nb",1\n"c\nd",123456789\n', /^line 4: field 2 is longer than 8 bytes$/],
]

for (const [name, text, expected] of LIMIT_CASES) {
  t.test(`limits: ${name}`, async (t) => {
    for (let cut = 0; cut <= text.length; cut++) {
      if (expected) t.throws(() => read(text, [cut], ',', SMALL), { message: expected }, `cut at ${cut}`)
      else t.doesNotThrow(() => read(text, [cut], ',', SMALL), `cut at ${cut}`)
    }
  })
}

t.test('an incomplete field over the limit stops the reader in the chunk that passes it', async (t) => {
  const reader = new CsvReader(',', { maxFieldBytes: 1024, maxRecordBytes: 4096 })
  reader.push('h\n"', [])
  reader.push('x'.repeat(1000), [])
  t.throws(() => reader.push('x'.repeat(100), []), new CsvLimitError(2, 'maxFieldBytes', 'field 1 is longer than 1 KiB; is a closing quote missing?'))
})

t.test('byte sizes read as an operator writes them', async (t) => {
  t.same([formatBytes(1024 * 1024), formatBytes(4 * 1024 * 1024), formatBytes(2048), formatBytes(1000)], ['1 MiB', '4 MiB', '2 KiB', '1000 bytes'])
})

t.test('another delimiter', async (t) => {
  t.same(read('a;b\n"x;y";z', [], ';').map((r) => r.fields), [['a', 'b'], ['x;y', 'z']])
})

t.test('agrees with csv-parse on random RFC 4180 files, split anywhere', async (t) => {
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', '1', ' ', '张', '𠮷') }),
    fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', '张') }).map((s) => `"${s.replace(/"/g, '""')}"`),
  )
  const file = fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 })
    .chain((rows) => fc.tuple(fc.constant(rows), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.nat()))
  fc.assert(fc.property(file, ([rows, eol, finalNewline, cutSeed]) => {
    const text = rows.map((r) => r.join(',')).join(eol) + (finalNewline ? eol : '')
    const reference = (parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][])
    const ours = read(text, [cutSeed % (text.length + 1)]).map((r) => r.fields)
    return JSON.stringify(ours) === JSON.stringify(reference)
  }), { numRuns: 500 })
  t.pass('500 random files agree')
})
