/**
 * Company names: city + trade name (字号) + industry + organisational form, e.g. 北京华信达科技有限公司.
 */
import { type Rng, weightedPicker } from './random.ts'

const TRADE_CHARS = Array.from(
  '华信达恒盛泰瑞丰鑫鼎博远誉嘉宏昌德源通联创新中金海天东方万和润安正兴隆广汇智云优易美乐康佳合力同诚永顺祥锦辰凯腾宇峰启明星',
)

export const INDUSTRIES: readonly string[] = [
  '科技', '信息技术', '网络科技', '商贸', '贸易', '餐饮管理', '建筑工程', '物业管理', '文化传媒', '医药',
  '食品', '咨询', '物流', '房地产开发', '教育科技', '环保科技', '汽车服务', '电子', '服装', '家政服务',
  '装饰工程', '生物科技', '新能源', '供应链管理', '广告', '酒店管理', '健康管理', '机械设备',
]

const FORMS = weightedPicker<string>([
  ['有限公司', 70], ['有限责任公司', 12], ['股份有限公司', 6], ['科技中心（有限合伙）', 2], ['商行', 3], ['经营部', 3],
])

/** A two- or three-character trade name (字号), e.g. 华信达. */
export function tradeName(rng: Rng): string {
  const n = rng.chance(0.75) ? 2 : 3
  let s = ''
  while (s.length < n) {
    const c = rng.pick(TRADE_CHARS)
    if (!s.includes(c)) s += c
  }
  return s
}

export interface CompanyNameOptions {
  /** City short name put in front, e.g. 北京 (omit to leave out). */
  city?: string
  industry?: string
  /** Organisational form, e.g. 有限公司 (default: random, mostly 有限公司). */
  form?: string
}

/** A company name. */
export function companyName(rng: Rng, opts: CompanyNameOptions = {}): string {
  const industry = opts.industry ?? rng.pick(INDUSTRIES)
  let form = opts.form ?? FORMS(rng)
  if (form === '科技中心（有限合伙）') form = '中心（有限合伙）'
  return `${opts.city ?? ''}${tradeName(rng)}${industry}${form}`
}
