/**
 * Whether a number read from a source file is exactly what the file says. A double holds 15–17
 * significant decimal digits: 12345678901234567 silently becomes 12345678901234568, and an 18-digit
 * ID number in a number column would be published altered (and its area code and birth date still
 * readable). Such a value is refused at coercion, with a message saying to declare the field as text.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** The decimal value of a numeral as significant digits and an exponent: "1234.50" and "1.2345e3" → "12345e4". */
function canonical(numeral: string): string | undefined {
  const m = DECIMAL.exec(numeral)
  if (m === null) return undefined
  const whole = m[2] ?? ''
  let digits = whole + (m[3] ?? '')
  let point = whole.length + Number(m[4] ?? 0)
  let lead = 0
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++
  digits = digits.slice(lead).replace(/0+$/, '')
  point -= lead
  if (digits === '') return '0'
  return `${m[1] === '-' ? '-' : ''}${digits}e${point}`
}

/** How many significant digits a numeral writes (leading zeros, sign and exponent aside). */
export function significantDigits(numeral: string): number {
  const mantissa = numeral.trim().replace(/[eE].*$/, '').replace(/\D/g, '')
  return mantissa.replace(/^0+/, '').length
}

/** True when `value` (parsed from `numeral`) is the very number the numeral writes. */
export function holdsExactly(numeral: string, value: number): boolean {
  return canonical(numeral.trim()) === canonical(String(value))
}
