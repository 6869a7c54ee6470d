/**
 * 统一社会信用代码 (unified social credit codes, GB 32100-2015):
 * registration authority (1) + organisation type (1) + area code (6) + organisation code (9, itself
 * with a GB 11714 check character) + check character (MOD 31).
 *
 * The generated codes always have a letter at position 9, so no run of digits in them can be
 * mistaken for a mobile, ID or bank card number, and they avoid E and G (passport-like prefixes).
 */
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, orgCodeCheckChar } from './check-digits.ts'
import type { Rng } from './random.ts'

export type OrgKind =
  | 'government' // 11 机关
  | 'institution' // 12 事业单位
  | 'social-group' // 51 社会团体
  | 'private-non-enterprise' // 52 民办非企业单位
  | 'enterprise' // 91 企业
  | 'individual-business' // 92 个体工商户

const PREFIX: Readonly<Record<OrgKind, string>> = {
  government: '11',
  institution: '12',
  'social-group': '51',
  'private-non-enterprise': '52',
  enterprise: '91',
  'individual-business': '92',
}

const SAFE_LETTERS = Array.from(CREDIT_CODE_CHARSET.slice(10)).filter((c) => c !== 'E' && c !== 'G')
const SAFE_CHARS = [...'0123456789', ...SAFE_LETTERS]

export interface CreditCodeOptions {
  kind?: OrgKind
  /** 6-digit area code of the registering authority, e.g. 110105. */
  areaCode?: string
}

/** A unified social credit code with valid organisation-code and MOD 31 check characters. */
export function creditCode(rng: Rng, opts: CreditCodeOptions = {}): string {
  const kind = opts.kind ?? 'enterprise'
  const areaCode = opts.areaCode ?? '110000'
  if (!/^\d{6}$/.test(areaCode)) throw new TypeError(`creditCode: bad area code ${areaCode}`)
  // Organisation code body: enterprises registered since 2015 get "MA…", others a letter and 7 chars.
  let body: string
  if (kind === 'enterprise' || kind === 'individual-business') {
    body = 'MA' + Array.from({ length: 6 }, () => rng.pick(SAFE_CHARS)).join('')
  } else {
    body = rng.pick(SAFE_LETTERS) + Array.from({ length: 7 }, () => rng.pick(SAFE_CHARS)).join('')
  }
  const first17 = PREFIX[kind] + areaCode + body + orgCodeCheckChar(body)
  return first17 + creditCodeCheckChar(first17)
}
