import t from 'tap'
import { compileCoercer, Invalid } from '../../src/ingest/coerce.ts'
import type { CatalogField } from '../../src/catalog/schema.ts'

const show = (value: string): string => JSON.stringify(value)

function coerce(field: Partial<CatalogField> & Pick<CatalogField, 'type'>, raw: string, required = false): unknown {
  const result = compileCoercer({ name: 'f', title: 'F', ...field }, { required, show })(raw)
  return result instanceof Invalid ? `invalid: ${result.reason}` : result
}

const ROUNDED = '(it would be stored rounded); declare the field as type: string (long codes and ID, card or account numbers are text)'

const CASES: Array<[string, Partial<CatalogField> & Pick<CatalogField, 'type'>, string, unknown]> = [
  ['text kept exactly, spaces included', { type: 'string' }, '  a, "b"  ', '  a, "b"  '],
  ['empty is null', { type: 'string' }, '', null],
  ['integer', { type: 'integer' }, ' 42 ', 42],
  ['negative integer', { type: 'integer' }, '-7', -7],
  ['integer rejects decimals', { type: 'integer' }, '4.2', 'invalid: expected an integer, got "4.2"'],
  ['integer beyond 2^53', { type: 'integer' }, '9007199254740993', `invalid: 16 significant digits are more than an integer holds exactly ${ROUNDED}`],
  ['number beyond what a double holds', { type: 'number' }, '12345678901234567', `invalid: 17 significant digits are more than a number holds exactly ${ROUNDED}`],
  ['an 18-digit ID number in a number field', { type: 'number' }, '110105194912310021', `invalid: 18 significant digits are more than a number holds exactly ${ROUNDED}`],
  ['number with too many decimals', { type: 'number' }, '0.10000000000000000555', `invalid: 20 significant digits are more than a number holds exactly ${ROUNDED}`],
  ['16 digits a double holds', { type: 'number' }, '4111111111111111', 4111111111111111],
  ['exact: trailing zeros and exponents', { type: 'number' }, '1.2345678901234500e4', 12345.6789012345],
  ['exact: a long integer written with zeros', { type: 'number' }, '123000000000000000000', 123000000000000000000],
  ['exact: leading zeros and sign', { type: 'number' }, '-000.50', -0.5],
  ['exact: 0.1', { type: 'number' }, '0.1', 0.1],
  ['number', { type: 'number' }, '1234.50', 1234.5],
  ['number with exponent', { type: 'number' }, '1e3', 1000],
  ['number rejects text', { type: 'number' }, 'abc', 'invalid: expected a number, got "abc"'],
  ['number rejects Infinity', { type: 'number' }, 'Infinity', 'invalid: expected a number, got "Infinity"'],
  ['boolean true words', { type: 'boolean' }, '是', true],
  ['boolean false words', { type: 'boolean' }, 'FALSE', false],
  ['boolean rejects maybe', { type: 'boolean' }, 'maybe', 'invalid: expected true or false (also 是/否, yes/no, 1/0), got "maybe"'],
  ['date', { type: 'date' }, '2024-02-29', '2024-02-29'],
  ['date with slashes normalised', { type: 'date' }, '2024/3/5', '2024-03-05'],
  ['impossible date', { type: 'date' }, '2023-02-29', 'invalid: expected a date YYYY-MM-DD, got "2023-02-29"'],
  ['datetime normalised', { type: 'datetime' }, '2024-03-01 09:30', '2024-03-01T09:30:00'],
  ['datetime with offset', { type: 'datetime' }, '2024-03-01T09:30:15+0800', '2024-03-01T09:30:15+08:00'],
  ['datetime hour 24', { type: 'datetime' }, '2024-03-01T24:00:00', 'invalid: expected a date and time YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM], got "2024-03-01T24:00:00"'],
  ['year', { type: 'year' }, '1998', 1998],
  ['year rejects 98', { type: 'year' }, '98', 'invalid: expected a year YYYY, got "98"'],
  ['minimum', { type: 'number', constraints: { minimum: 0 } }, '-1', 'invalid: must be at least 0, got "-1"'],
  ['maximum', { type: 'integer', constraints: { maximum: 500 } }, '501', 'invalid: must be at most 500, got "501"'],
  ['date minimum', { type: 'date', constraints: { minimum: '2020-01-01' } }, '2019-12-31', 'invalid: must be at least 2020-01-01, got "2019-12-31"'],
  ['maxLength counts code points', { type: 'string', constraints: { maxLength: 2 } }, '张𠮷', '张𠮷'],
  ['maxLength exceeded', { type: 'string', constraints: { maxLength: 2 } }, '张三丰', 'invalid: must be at most 2 characters long'],
  ['minLength', { type: 'string', constraints: { minLength: 2 } }, '张', 'invalid: must be at least 2 characters long'],
  ['pattern must match the whole value', { type: 'string', constraints: { pattern: '[A-Z]{2}' } }, 'ABC', 'invalid: does not match the pattern [A-Z]{2}: "ABC"'],
  ['enum', { type: 'string', constraints: { enum: ['优', '良'] } }, '差', 'invalid: must be one of 优, 良, got "差"'],
  ['enum of numbers', { type: 'integer', constraints: { enum: [1, 2] } }, '2', 2],
  ['required', { type: 'string', constraints: { required: true } }, '', 'invalid: a value is required'],
]

for (const [name, field, raw, expected] of CASES) {
  t.test(name, async (t) => t.same(coerce(field, raw), expected))
}

t.test('a primary key is required even without the constraint', async (t) => {
  t.equal(coerce({ type: 'integer' }, '', true), 'invalid: a value is required')
})
