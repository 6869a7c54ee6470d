import type { PiiKind, Rule } from '../../catalog/schema.ts'
import type { Bilingual } from './lang.ts'

/**
 * Each field's desensitisation (SPEC §4.1) in plain words, for the field dictionary: what a reader of
 * the published data gets instead of the source value. A pure function of the field's rule, its pii
 * kind and (for pii: none) the steward's reason. The mask presets are described as src/desensitise/
 * mask.ts applies them; keep the two in step.
 */
export interface RuleSubject {
  rule?: Rule | undefined
  pii?: PiiKind | undefined
  /** Why a field marked pii: none may be published as is (catalog field `reason`). */
  reason?: string | undefined
}

/** The kinds of personal data a field can be marked with, as a reader calls them. */
export const PII_TEXT: Readonly<Record<PiiKind, Bilingual>> = {
  name: { zh: '姓名', en: 'name' },
  id_card: { zh: '身份证号', en: 'ID card number' },
  mobile: { zh: '手机号码', en: 'mobile number' },
  phone: { zh: '固定电话', en: 'telephone number' },
  bank_card: { zh: '银行卡号', en: 'bank card number' },
  email: { zh: '电子邮箱', en: 'email address' },
  address: { zh: '地址', en: 'address' },
  plate: { zh: '车牌号', en: 'licence plate' },
  passport: { zh: '护照号', en: 'passport number' },
  none: { zh: '非个人信息', en: 'not personal data' },
}

const DONE = { zh: '已脱敏：', en: 'Desensitised: ' } as const

function desensitised(zh: string, en: string): Bilingual {
  return { zh: `${DONE.zh}${zh}`, en: `${DONE.en}${en}` }
}

/** What the mask preset of each kind keeps (mask.ts PRESETS); everything else becomes `*`. */
const MASK_PRESET: Readonly<Record<PiiKind, Bilingual>> = {
  name: { zh: '保留第1个字（姓），其余替换为 *', en: 'keeping the first character (the surname), the rest replaced by *' },
  id_card: { zh: '保留前6位和后4位（15位旧号保留前6位和后3位），中间的出生日期等替换为 *', en: 'keeping the first 6 and last 4 characters (old 15-digit numbers: first 6 and last 3); the birth date between is replaced by *' },
  mobile: { zh: '保留前3位和后4位', en: 'keeping the first 3 and last 4 digits' },
  phone: { zh: '保留区号和后2位（手机号码按手机号规则：前3位和后4位）', en: 'keeping the area code and the last 2 digits (mobile numbers: the first 3 and last 4)' },
  bank_card: { zh: '保留前4位和后4位', en: 'keeping the first 4 and last 4 digits' },
  email: { zh: '保留用户名的第1个字符和 @ 后的域名', en: 'keeping the first character of the name before @ and the domain' },
  address: { zh: '保留到区县，其后的街道门牌替换为 *', en: 'keeping the address up to its district; the street and house number are replaced by *' },
  plate: { zh: '保留省份简称、城市字母和最后一位', en: 'keeping the province, the city letter and the last character' },
  passport: { zh: '保留第1个字符和后2位', en: 'keeping the first character and the last 2' },
  none: { zh: '保留第1个和最后1个字符', en: 'keeping the first and the last character' },
}

function customMask(keepStart: number, keepEnd: number): Bilingual {
  if (keepStart === 0 && keepEnd === 0) return { zh: '全部字符替换为 *', en: 'every character replaced by *' }
  if (keepEnd === 0) return { zh: `保留前${keepStart}位`, en: `keeping the first ${keepStart} ${keepStart === 1 ? 'character' : 'characters'}` }
  if (keepStart === 0) return { zh: `保留后${keepEnd}位`, en: `keeping the last ${keepEnd} ${keepEnd === 1 ? 'character' : 'characters'}` }
  return { zh: `保留前${keepStart}位和后${keepEnd}位`, en: `keeping the first ${keepStart} and last ${keepEnd} characters` }
}

type Generalize = Extract<Rule, { generalize: unknown }>['generalize']

function generalized(how: Generalize): Bilingual {
  if (typeof how === 'object') {
    const n = how.bucket
    const example = `${n * 3}-${n * 4 - 1}`
    return desensitised(
      `泛化为宽度 ${n} 的数值区间（如 ${example}）`,
      `generalised to ranges ${n} wide (such as ${example})`,
    )
  }
  switch (how) {
    case 'year':
      return desensitised('泛化为年份（只保留年）', 'generalised to the year only')
    case 'month':
      return desensitised('泛化为年月（YYYY-MM）', 'generalised to the year and month (YYYY-MM)')
    case 'district':
      return desensitised('泛化为所在区县（地址只保留到区县）', 'generalised to the district (the address up to its district)')
    case 'birth_year':
      return desensitised('泛化为出生年份（由身份证号得出，号码本身不发布）', 'generalised to the year of birth (read from the ID number, which is not published)')
  }
}

/** The field's desensitisation in plain words. */
export function describeRule(field: RuleSubject): Bilingual {
  const { rule, pii } = field
  if (rule === undefined || rule === 'keep') {
    if (pii === 'none') {
      const reason = field.reason?.trim()
      return reason
        ? { zh: `未脱敏：经审查不属于个人信息（${reason}）`, en: `Not desensitised: reviewed as not personal data (${reason})` }
        : { zh: '未脱敏：经审查不属于个人信息', en: 'Not desensitised: reviewed as not personal data' }
    }
    if (pii !== undefined) return { zh: `未脱敏（${PII_TEXT[pii].zh}）`, en: `Not desensitised (${PII_TEXT[pii].en})` }
    return { zh: '未脱敏（非个人信息）', en: 'Not desensitised (not personal data)' }
  }
  if (rule === 'hash') {
    return desensitised(
      '替换为不可逆的假名（同一值得到同一代号，可用于关联）',
      'replaced by an irreversible pseudonym (the same value always gives the same code, so it can still be joined on)',
    )
  }
  if (rule === 'suppress') return desensitised('不公开取值（每一行都为空）', 'withheld (empty in every row)')
  if (rule === 'redact') {
    return desensitised(
      '自由文本，其中的身份证号、手机号、银行卡号等个人标识已按各自规则掩码',
      'free text with the identifiers in it (ID, mobile and bank card numbers and the like) masked by their kind',
    )
  }
  if (rule === 'drop') return { zh: '不发布（该字段已删除）', en: 'Not published (the field is dropped)' }
  if (rule === 'mask') {
    const preset = MASK_PRESET[pii ?? 'none']
    return desensitised(`掩码，${preset.zh}`, `masked, ${preset.en}`)
  }
  if ('mask' in rule) {
    const words = customMask(rule.mask.keep_start, rule.mask.keep_end)
    return desensitised(`掩码，${words.zh}`, `masked, ${words.en}`)
  }
  return generalized(rule.generalize)
}

/** Whether a reader gets the source value unchanged (the dictionary marks the others). */
export function isDesensitised(rule: Rule | undefined): boolean {
  return rule !== undefined && rule !== 'keep'
}
