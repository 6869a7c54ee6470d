/**
 * Bank card numbers (UnionPay debit cards): issuer prefix, account digits, Luhn check digit.
 */
import { luhnCheckDigit } from './check-digits.ts'
import type { Rng } from './random.ts'

/** Issuer prefixes: 6222 (工商银行), 6217 (建设银行/中国银行), 6228 (农业银行). */
export const BANK_CARD_PREFIXES: readonly string[] = ['6222', '6217', '6228']

export interface BankCardOptions {
  prefix?: string
  /** 16 or 19 (default: 19 mostly, 16 one time in five). */
  length?: 16 | 19
}

/** A Luhn-valid 16- or 19-digit card number. */
export function bankCardNumber(rng: Rng, opts: BankCardOptions = {}): string {
  const prefix = opts.prefix ?? rng.pick(BANK_CARD_PREFIXES)
  const length = opts.length ?? (rng.chance(0.2) ? 16 : 19)
  const partial = prefix + rng.digits(length - prefix.length - 1)
  return partial + luhnCheckDigit(partial)
}
